package updates

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"text/template"
	"time"

	"github.com/keepcool/keepcool/timefmt"
)

// Template is a user's Go template file for one channel's messages. It
// writes plain text from a Message (all of Message's fields and methods:
// {{.Title}}, {{.Body}}, {{.EstimateText}}, {{.Time .NextUpdateBy}},
// {{range .Facts}}…), which
// becomes the message's body; the channel still escapes it for its own
// syntax, adds the headline, and keeps "Next update by" — a template can
// reword an update, never drop the promise or inject markup.
type Template struct {
	name string
	t    *template.Template
}

// maxTemplateOutput keeps a runaway template from producing megabytes.
const maxTemplateOutput = 64 << 10

// LoadTemplate parses a template file. Errors name the file and line.
func LoadTemplate(path string) (*Template, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("template %s: %w", path, err)
	}
	t, err := template.New(filepath.Base(path)).Option("missingkey=error").Funcs(template.FuncMap{
		// {{.Time t}} reads t in the configured zone and clock; clock is
		// older and shows t in the zone it carries, named: "09:30 CET".
		"clock": func(t time.Time) string { return timefmt.In(t.Location()).Time(t, t) },
		"span":  Span,
		"upper": strings.ToUpper,
	}).Parse(string(src))
	if err != nil {
		return nil, fmt.Errorf("template %v", err) // text/template says "name:line: what"
	}
	return &Template{name: path, t: t}, nil
}

// Render runs the template on m.
func (t *Template) Render(m Message) (string, error) {
	var b bytes.Buffer
	if err := t.t.Execute(&b, m); err != nil {
		return "", fmt.Errorf("template %v", err)
	}
	if b.Len() > maxTemplateOutput {
		return "", fmt.Errorf("template %s wrote %d KiB for one message; keep it under %d KiB", t.name, b.Len()>>10, maxTemplateOutput>>10)
	}
	return strings.TrimSpace(b.String()), nil
}

// Templated sends every message through t before handing it to ch.
type Templated struct {
	Channel
	T *Template
}

// Send renders the message with the template; a template that fails is a
// configuration error no retry can fix.
func (c Templated) Send(ctx context.Context, m Message) error {
	body, err := c.T.Render(m)
	if err != nil {
		return Permanent(err)
	}
	m.Custom = &Custom{Body: body}
	return c.Channel.Send(ctx, m)
}

package teams

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"testing"

	"github.com/keepcool/keepcool/updates/updatestest"
)

const secret = "S1G-S3CR3T" // the sig= parameter: must never reach an error

// Teams refuses a message over about 28 KB; the fake is a little stricter.
const teamsLimit = 28_000

// wireMessage is what a Workflows webhook takes, as Microsoft documents
// it ("Send webhook alerts to a channel"; Adaptive Card 1.4 schema),
// written apart from payload.go so that a misspelt field fails here.
type wireMessage struct {
	Type        string `json:"type"`
	Attachments []struct {
		ContentType string          `json:"contentType"`
		ContentURL  json.RawMessage `json:"contentUrl"`
		Content     wireCard        `json:"content"`
	} `json:"attachments"`
}

type wireCard struct {
	Schema  string        `json:"$schema"`
	Type    string        `json:"type"`
	Version string        `json:"version"`
	Body    []wireElement `json:"body"`
	Actions []struct {
		Type  string `json:"type"`
		Title string `json:"title"`
		URL   string `json:"url"`
	} `json:"actions"`
	MSTeams *struct {
		Width string `json:"width"`
	} `json:"msteams"`
}

type wireElement struct {
	Type     string `json:"type"`
	Text     string `json:"text"`
	Weight   string `json:"weight"`
	Size     string `json:"size"`
	Color    string `json:"color"`
	Wrap     bool   `json:"wrap"`
	IsSubtle bool   `json:"isSubtle"`
	Facts    []struct {
		Title string `json:"title"`
		Value string `json:"value"`
	} `json:"facts"`
	Inlines []wireRun `json:"inlines"`
	Spacing string    `json:"spacing"`
}

// wireRun is a RichTextBlock's inline: a TextRun (Adaptive Cards 1.2).
type wireRun struct {
	Type   string `json:"type"`
	Text   string `json:"text"`
	Weight string `json:"weight"`
	Size   string `json:"size"`
}

// fakeTeams stands in for a Workflows webhook: it decodes each request,
// answers 413 over the size limit and 400 to a malformed card, else 202
// Accepted as Workflows does. reply, when set, answers instead.
type fakeTeams struct {
	t     *testing.T
	srv   *httptest.Server
	got   updatestest.Log[post]
	reply func(w http.ResponseWriter, r *http.Request)
}

// post is a message Teams accepted, and its size in bytes.
type post struct {
	msg  wireMessage
	size int
}

func newFake(t *testing.T) *fakeTeams {
	f := &fakeTeams{t: t}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

// url is a Workflows trigger URL, with its signature.
func (f *fakeTeams) url() string {
	return f.srv.URL + "/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=" + secret
}

func (f *fakeTeams) serve(w http.ResponseWriter, r *http.Request) {
	if f.reply != nil {
		f.reply(w, r)
		return
	}
	raw, _ := io.ReadAll(r.Body)
	if len(raw) > teamsLimit {
		f.t.Errorf("Teams would refuse %d bytes", len(raw))
		http.Error(w, `{"error":{"code":"MessageSizeTooBig"}}`, http.StatusRequestEntityTooLarge)
		return
	}
	var m wireMessage
	if err := decode(r, raw, &m); err != nil {
		f.t.Errorf("Teams would refuse this request: %v", err)
		http.Error(w, `{"error":{"code":"InvalidRequestContent"}}`, http.StatusBadRequest)
		return
	}
	f.got.Add(post{m, len(raw)})
	w.WriteHeader(http.StatusAccepted)
}

func decode(r *http.Request, raw []byte, m *wireMessage) error {
	if r.Method != http.MethodPost || r.URL.Query().Get("sig") != secret {
		return fmt.Errorf("%s without the signature", r.Method)
	}
	if ct := r.Header.Get("Content-Type"); ct != "application/json" {
		return fmt.Errorf("Content-Type %q", ct)
	}
	if err := updatestest.DecodeStrict(raw, m); err != nil {
		return err
	}
	if m.Type != "message" || len(m.Attachments) != 1 {
		return fmt.Errorf("type %q with %d attachments", m.Type, len(m.Attachments))
	}
	a := m.Attachments[0]
	if a.ContentType != "application/vnd.microsoft.card.adaptive" || string(a.ContentURL) != "null" {
		return fmt.Errorf("attachment %q, contentUrl %s", a.ContentType, a.ContentURL)
	}
	return checkCard(a.Content)
}

// checkCard applies the Adaptive Card schema to what keepcool sends.
func checkCard(c wireCard) error {
	if c.Type != "AdaptiveCard" || c.Schema != "http://adaptivecards.io/schemas/adaptive-card.json" || !slices.Contains([]string{"1.0", "1.1", "1.2", "1.3", "1.4", "1.5"}, c.Version) {
		return fmt.Errorf("card %q %q version %q", c.Type, c.Schema, c.Version)
	}
	if len(c.Body) == 0 {
		return fmt.Errorf("empty body")
	}
	for i, e := range c.Body {
		if err := checkElement(e); err != nil {
			return fmt.Errorf("body[%d]: %w", i, err)
		}
		if e.Type == "RichTextBlock" && (c.Version == "1.0" || c.Version == "1.1") {
			return fmt.Errorf("body[%d]: RichTextBlock needs card version 1.2, not %s", i, c.Version)
		}
	}
	for _, a := range c.Actions {
		u, err := url.Parse(a.URL)
		if a.Type != "Action.OpenUrl" || a.Title == "" || err != nil || (u.Scheme != "https" && u.Scheme != "http") {
			return fmt.Errorf("action %+v", a)
		}
	}
	if c.MSTeams != nil && c.MSTeams.Width != "Full" {
		return fmt.Errorf("msteams.width %q", c.MSTeams.Width)
	}
	return nil
}

func checkElement(e wireElement) error {
	if !slices.Contains([]string{"", "None", "Small", "Default", "Medium", "Large", "ExtraLarge", "Padding"}, e.Spacing) {
		return fmt.Errorf("spacing %q", e.Spacing)
	}
	switch e.Type {
	case "TextBlock":
		if e.Text == "" || e.Facts != nil || e.Inlines != nil {
			return fmt.Errorf("TextBlock without text, or with facts or inlines")
		}
		return checkStyle(e.Weight, e.Size)
	case "RichTextBlock": // version 1.2: inlines of TextRuns, each with its text
		if len(e.Inlines) == 0 || e.Text != "" || e.Facts != nil {
			return fmt.Errorf("RichTextBlock without inlines, or with text or facts")
		}
		for _, r := range e.Inlines {
			if r.Type != "TextRun" || r.Text == "" {
				return fmt.Errorf("inline %q with text %q", r.Type, r.Text)
			}
			if err := checkStyle(r.Weight, r.Size); err != nil {
				return err
			}
		}
	case "FactSet":
		if len(e.Facts) == 0 || e.Text != "" {
			return fmt.Errorf("FactSet without facts, or with text")
		}
	default:
		return fmt.Errorf("element type %q", e.Type)
	}
	return nil
}

func checkStyle(weight, size string) error {
	if !slices.Contains([]string{"", "Default", "Lighter", "Bolder"}, weight) ||
		!slices.Contains([]string{"", "Default", "Small", "Medium", "Large", "ExtraLarge"}, size) {
		return fmt.Errorf("weight %q size %q", weight, size)
	}
	return nil
}

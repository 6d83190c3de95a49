package discord

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/keepcool/keepcool/updates/updatestest"
)

const secret = "S3CR3T-T0KEN" // the webhook token: must never reach an error

// wireMessage is Execute Webhook's JSON body as Discord documents it,
// written apart from payload.go so that a misspelt field fails here.
type wireMessage struct {
	Content         string        `json:"content"`
	Username        string        `json:"username"`
	AvatarURL       string        `json:"avatar_url"`
	TTS             bool          `json:"tts"`
	Embeds          []wireEmbed   `json:"embeds"`
	AllowedMentions *wireMentions `json:"allowed_mentions"`
	Flags           int           `json:"flags"`
	ThreadName      string        `json:"thread_name"`
}

type wireMentions struct {
	Parse       []string `json:"parse"`
	Roles       []string `json:"roles"`
	Users       []string `json:"users"`
	RepliedUser bool     `json:"replied_user"`
}

type wireEmbed struct {
	Title       string      `json:"title"`
	Description string      `json:"description"`
	URL         string      `json:"url"`
	Timestamp   string      `json:"timestamp"`
	Color       int         `json:"color"`
	Footer      *wireFooter `json:"footer"`
	Author      *struct {
		Name string `json:"name"`
	} `json:"author"`
	Fields []wireField `json:"fields"`
}

type wireFooter struct {
	Text    string `json:"text"`
	IconURL string `json:"icon_url"`
}

type wireField struct {
	Name   string `json:"name"`
	Value  string `json:"value"`
	Inline bool   `json:"inline"`
}

// fakeDiscord stands in for Discord's Execute Webhook endpoint: it decodes
// each request and answers 400 to what Discord would refuse (shape and the
// documented limits, counted in UTF-16 units as Discord's clients do),
// else 204 No Content. reply, when set, answers instead.
type fakeDiscord struct {
	t     *testing.T
	srv   *httptest.Server
	got   updatestest.Log[wireMessage]
	reply func(w http.ResponseWriter, r *http.Request)
}

func newFake(t *testing.T) *fakeDiscord {
	f := &fakeDiscord{t: t}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

// url is the webhook URL, with its secret token.
func (f *fakeDiscord) url() string { return f.srv.URL + "/api/webhooks/123/" + secret }

func (f *fakeDiscord) serve(w http.ResponseWriter, r *http.Request) {
	if f.reply != nil {
		f.reply(w, r)
		return
	}
	var p wireMessage
	if err := f.decode(r, &p); err != nil {
		f.t.Errorf("Discord would refuse this request: %v", err)
		http.Error(w, `{"code": 50035, "message": "Invalid Form Body"}`, http.StatusBadRequest)
		return
	}
	f.got.Add(p)
	w.WriteHeader(http.StatusNoContent)
}

func (f *fakeDiscord) decode(r *http.Request, p *wireMessage) error {
	if r.Method != http.MethodPost || r.URL.Path != "/api/webhooks/123/"+secret {
		return fmt.Errorf("%s %s", r.Method, r.URL.Path)
	}
	if ct := r.Header.Get("Content-Type"); ct != "application/json" {
		return fmt.Errorf("Content-Type %q", ct)
	}
	raw, err := io.ReadAll(r.Body)
	if err != nil {
		return err
	}
	if err := updatestest.DecodeStrict(raw, p); err != nil { // Discord ignores a misspelt field; catch it here
		return err
	}
	return checkLimits(*p)
}

// checkLimits applies Discord's documented Execute Webhook rules.
func checkLimits(p wireMessage) error {
	if p.Content == "" && len(p.Embeds) == 0 {
		return fmt.Errorf("neither content nor embeds")
	}
	if n := chars(p.Content); n > 2000 {
		return fmt.Errorf("content is %d characters, over 2000", n)
	}
	if len(p.Embeds) > 10 {
		return fmt.Errorf("%d embeds, over 10", len(p.Embeds))
	}
	total := 0
	for _, e := range p.Embeds {
		n, err := checkEmbed(e)
		if err != nil {
			return err
		}
		total += n
	}
	if total > 6000 {
		return fmt.Errorf("embeds total %d characters, over 6000", total)
	}
	return nil
}

// limit is one documented maximum, in characters.
type limit struct {
	what string
	s    string
	max  int
}

func checkEmbed(e wireEmbed) (int, error) {
	lim := []limit{{"title", e.Title, 256}, {"description", e.Description, 4096}}
	if len(e.Fields) > 25 {
		return 0, fmt.Errorf("%d fields, over 25", len(e.Fields))
	}
	for i, fl := range e.Fields {
		if fl.Name == "" || fl.Value == "" {
			return 0, fmt.Errorf("field %d: empty name or value", i)
		}
		lim = append(lim, limit{fmt.Sprint("field name ", i), fl.Name, 256}, limit{fmt.Sprint("field value ", i), fl.Value, 1024})
	}
	if e.Footer != nil {
		lim = append(lim, limit{"footer", e.Footer.Text, 2048})
	}
	if e.Author != nil {
		lim = append(lim, limit{"author name", e.Author.Name, 256})
	}
	total := 0
	for _, l := range lim {
		n := chars(l.s)
		if n > l.max {
			return 0, fmt.Errorf("%s is %d characters, over %d", l.what, n, l.max)
		}
		total += n
	}
	if e.URL != "" {
		if u, err := url.Parse(e.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") {
			return 0, fmt.Errorf("embed url %q", e.URL)
		}
	}
	if e.Timestamp != "" {
		if _, err := time.Parse(time.RFC3339, e.Timestamp); err != nil {
			return 0, fmt.Errorf("timestamp: %v", err)
		}
	}
	if e.Color < 0 || e.Color > 0xFFFFFF {
		return 0, fmt.Errorf("color %d", e.Color)
	}
	return total, nil
}

// chars counts as JavaScript's String.length does, which is what Discord's
// limits are measured in.
func chars(s string) int { return updatestest.UTF16Len(s) }

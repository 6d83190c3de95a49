package mattermost

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/keepcool/keepcool/updates/updatestest"
)

// docPost is the post size we hold Mattermost to (see maxPost): the real
// server would split a longer text into several posts; the fake refuses it
// so the test fails instead.
const docPost = 4000

// hookID is the secret part of the webhook URL: 26 lower-case alphanumerics.
const hookID = "k33pc00lsecrethook12345678"

// wireRequest holds the documented incoming-webhook parameters
// (developers.mattermost.com/integrate/webhooks/incoming). Decoding with
// DisallowUnknownFields makes a misspelt field fail the test.
type wireRequest struct {
	Text        string            `json:"text"`
	Channel     string            `json:"channel"`
	Username    string            `json:"username"`
	IconURL     string            `json:"icon_url"`
	IconEmoji   string            `json:"icon_emoji"`
	Attachments json.RawMessage   `json:"attachments"`
	Type        string            `json:"type"`
	Props       map[string]any    `json:"props"`
	Priority    map[string]string `json:"priority"`
}

// fakeMattermost answers as the server does: 404 for a path the router does
// not know, 400 web.incoming_webhook.invalid for an unknown hook, 400 for a
// request it cannot use, else the configured reply (200 "ok").
type fakeMattermost struct {
	*httptest.Server

	mu       sync.Mutex
	reply    updatestest.Reply // what to answer once the request is valid
	posts    updatestest.Log[wireRequest]
	rejected updatestest.Log[string]
}

var route = regexp.MustCompile(`^/hooks/([A-Za-z0-9]+)$`)

func newFakeMattermost(t *testing.T) *fakeMattermost {
	f := &fakeMattermost{reply: updatestest.Reply{Status: 200, Body: "ok"}}
	f.Server = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.Close)
	return f
}

func (f *fakeMattermost) url() string { return f.URL + "/hooks/" + hookID }

func (f *fakeMattermost) setReply(r updatestest.Reply) { f.mu.Lock(); f.reply = r; f.mu.Unlock() }

func appError(w http.ResponseWriter, status int, id string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	fmt.Fprintf(w, `{"id":%q,"message":"","status_code":%d}`, id, status)
}

func (f *fakeMattermost) serve(w http.ResponseWriter, r *http.Request) {
	m := route.FindStringSubmatch(r.URL.Path)
	if r.Method != http.MethodPost || m == nil {
		http.NotFound(w, r)
		return
	}
	if m[1] != hookID {
		appError(w, http.StatusBadRequest, "web.incoming_webhook.invalid.app_error")
		return
	}
	raw, _ := io.ReadAll(r.Body)
	req, err := decode(r.Header.Get("Content-Type"), raw)
	if err != nil {
		f.rejected.Add(err.Error())
		appError(w, http.StatusBadRequest, "web.incoming_webhook.parse.app_error")
		return
	}
	f.posts.Add(req)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.reply.Write(w)
}

func (f *fakeMattermost) last(t *testing.T) wireRequest {
	t.Helper()
	if rejected := f.rejected.All(); len(rejected) > 0 {
		t.Fatalf("Mattermost would refuse or split the post: %v", rejected)
	}
	return f.posts.Last(t)
}

func decode(contentType string, raw []byte) (wireRequest, error) {
	var req wireRequest
	if contentType != "application/json" {
		return req, fmt.Errorf("content type %q", contentType)
	}
	if err := updatestest.DecodeStrict(raw, &req); err != nil {
		return req, err
	}
	switch n := utf8.RuneCountInString(req.Text); {
	case n == 0 && req.Attachments == nil:
		return req, errors.New("no text and no attachments")
	case n > docPost:
		return req, fmt.Errorf("text has %d characters; it would be split past %d", n, docPost)
	case req.Type != "" && !strings.HasPrefix(req.Type, "custom_"):
		return req, fmt.Errorf("type %q must start with custom_", req.Type)
	}
	return req, nil
}

// mentions is what Mattermost's server would notify for text, following
// its code: the Slack-compatible <!channel>/<!here>/<!all> are expanded
// first (app/webhook.go), then the Markdown text is split into words on
// anything but letters, digits and : . - _ @ (StandardMentionParser).
// Backslash escapes are dropped first, as the Markdown parser does.
func mentions(text string) []string {
	text = strings.NewReplacer("<!channel>", "@channel", "<!here>", "@here", "<!all>", "@all").Replace(text)
	text = regexp.MustCompile(`\\([[:punct:]])`).ReplaceAllString(text, "$1")
	var found []string
	for _, w := range strings.FieldsFunc(text, func(c rune) bool {
		return !(c == ':' || c == '.' || c == '-' || c == '_' || c == '@' || unicode.IsLetter(c) || unicode.IsNumber(c))
	}) {
		for _, part := range strings.FieldsFunc(w, func(c rune) bool { return c == '.' || c == '-' || c == ':' }) {
			part = strings.TrimLeft(part, ":.-_")
			if len(part) > 1 && part[0] == '@' {
				found = append(found, strings.ToLower(part))
			}
		}
	}
	return found
}

package googlechat

import (
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/keepcool/keepcool/updates/updatestest"
)

const secret = "T0K3N-S3CR3T" // the webhook's token: must never reach an error

// wireMessage is the part of Chat's Message resource (spaces.messages.create)
// a webhook may send, written apart from payload.go so a misspelt field
// fails here.
type wireMessage struct {
	Text         string            `json:"text"`
	FallbackText string            `json:"fallbackText"`
	CardsV2      []json.RawMessage `json:"cardsV2"`
	Thread       *struct {
		Name      string `json:"name"`
		ThreadKey string `json:"threadKey"`
	} `json:"thread"`
}

// fakeChat stands in for a Chat webhook: it decodes each request and
// answers 400 to what Chat would refuse (a text over 4096 characters, a
// body over 32,000 bytes, a thread key over 4000), else 200 with the
// created message. It records the reply option and the thread key.
type fakeChat struct {
	t     *testing.T
	srv   *httptest.Server
	got   updatestest.Log[wireMessage]
	reply func(w http.ResponseWriter, r *http.Request)
}

func newFake(t *testing.T) *fakeChat {
	f := &fakeChat{t: t}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

// url is the space's webhook URL, with its key and token.
func (f *fakeChat) url() string {
	return f.srv.URL + "/v1/spaces/AAAA/messages?key=K3Y&token=" + secret
}

func (f *fakeChat) serve(w http.ResponseWriter, r *http.Request) {
	if f.reply != nil {
		f.reply(w, r)
		return
	}
	var m wireMessage
	if err := decode(r, &m); err != nil {
		f.t.Errorf("Google Chat would refuse this request: %v", err)
		w.WriteHeader(http.StatusBadRequest)
		_, _ = fmt.Fprintf(w, `{"error": {"code": 400, "message": %q, "status": "INVALID_ARGUMENT"}}`, err)
		return
	}
	f.got.Add(m)
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	_, _ = fmt.Fprintf(w, `{"name": "spaces/AAAA/messages/%d", "thread": {"name": "spaces/AAAA/threads/t"}}`, len(f.got.All()))
}

func decode(r *http.Request, m *wireMessage) error {
	q := r.URL.Query()
	if r.Method != http.MethodPost || r.URL.Path != "/v1/spaces/AAAA/messages" || q.Get("key") != "K3Y" || q.Get("token") != secret {
		return fmt.Errorf("%s %s: not the webhook URL", r.Method, r.URL.Path)
	}
	if got := q.Get("messageReplyOption"); got != "REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD" {
		return fmt.Errorf("messageReplyOption %q: updates would not thread", got)
	}
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
		return fmt.Errorf("Content-Type %q", r.Header.Get("Content-Type"))
	}
	raw, err := io.ReadAll(r.Body)
	if err != nil || len(raw) > 32_000 {
		return fmt.Errorf("body of %d bytes: %v", len(raw), err)
	}
	if err := updatestest.DecodeStrict(raw, m); err != nil {
		return err
	}
	if m.Text == "" && len(m.CardsV2) == 0 {
		return fmt.Errorf("neither text nor cardsV2")
	}
	if n := updatestest.UTF16Len(m.Text); n > 4096 {
		return fmt.Errorf("text is %d characters, over 4096", n)
	}
	if m.Thread != nil && (m.Thread.ThreadKey == "" || len(m.Thread.ThreadKey) > 4000) {
		return fmt.Errorf("thread key of %d bytes", len(m.Thread.ThreadKey))
	}
	return nil
}

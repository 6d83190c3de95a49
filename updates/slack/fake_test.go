package slack

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/keepcool/keepcool/updates/updatestest"
)

// Documented Block Kit and webhook limits the fake enforces
// (docs.slack.dev/reference/block-kit/blocks/*, text-object, and
// chat.postMessage: text truncated past 40,000 characters).
const (
	docHeader     = 150
	docTextObject = 3000
	docSection    = 3000
	docFields     = 10
	docField      = 2000
	docContext    = 10
	docBlocks     = 50
	docText       = 40000
)

// wire* mirror Slack's documented JSON. Decoding with DisallowUnknownFields
// makes a misspelt field fail the test instead of vanishing.
type wirePayload struct {
	Text   *string     `json:"text"`
	Blocks []wireBlock `json:"blocks"`
}

type wireBlock struct {
	Type     string     `json:"type"`
	BlockID  string     `json:"block_id"`
	Text     *wireText  `json:"text"`
	Fields   []wireText `json:"fields"`
	Elements []wireText `json:"elements"`
}

type wireText struct {
	Type     string `json:"type"`
	Text     string `json:"text"`
	Emoji    *bool  `json:"emoji"`
	Verbatim *bool  `json:"verbatim"`
}

// fakeSlack is an incoming webhook at one secret path. It answers as Slack
// does: 404 no_service for an unknown hook, 400 invalid_payload for a
// payload Slack would refuse, else the configured reply (200 "ok").
type fakeSlack struct {
	*httptest.Server
	path string

	mu       sync.Mutex
	reply    updatestest.Reply // what to answer once the payload is valid
	payloads updatestest.Log[wirePayload]
	rejected updatestest.Log[string]
}

func newFakeSlack(t *testing.T) *fakeSlack {
	f := &fakeSlack{path: "/services/T000/B000/SECRETxyz123", reply: updatestest.Reply{Status: 200, Body: "ok"}}
	f.Server = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.Close)
	return f
}

func (f *fakeSlack) url() string { return f.URL + f.path }

func (f *fakeSlack) setReply(r updatestest.Reply) { f.mu.Lock(); f.reply = r; f.mu.Unlock() }

func (f *fakeSlack) serve(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.URL.Path != f.path {
		http.Error(w, "no_service", http.StatusNotFound)
		return
	}
	raw, _ := io.ReadAll(r.Body)
	p, err := decode(r.Header.Get("Content-Type"), raw)
	if err != nil {
		f.rejected.Add(err.Error())
		http.Error(w, "invalid_payload", http.StatusBadRequest)
		return
	}
	f.payloads.Add(p)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.reply.Write(w)
}

// last returns the last accepted payload, failing the test if Slack
// would have refused what was sent.
func (f *fakeSlack) last(t *testing.T) wirePayload {
	t.Helper()
	if rejected := f.rejected.All(); len(rejected) > 0 {
		t.Fatalf("Slack would refuse the payload: %v", rejected)
	}
	return f.payloads.Last(t)
}

func decode(contentType string, raw []byte) (wirePayload, error) {
	var p wirePayload
	if contentType != "application/json" {
		return p, fmt.Errorf("content type %q", contentType)
	}
	if err := updatestest.DecodeStrict(raw, &p); err != nil {
		return p, err
	}
	return p, validate(p)
}

func validate(p wirePayload) error {
	if p.Text == nil || *p.Text == "" {
		return errors.New("no top-level text: notifications would be empty")
	}
	if n := chars(*p.Text); n > docText {
		return fmt.Errorf("text has %d characters, more than %d", n, docText)
	}
	if len(p.Blocks) == 0 || len(p.Blocks) > docBlocks {
		return fmt.Errorf("%d blocks, want 1..%d", len(p.Blocks), docBlocks)
	}
	for i, b := range p.Blocks {
		if err := validateBlock(b); err != nil {
			return fmt.Errorf("block %d (%s): %w", i, b.Type, err)
		}
	}
	return nil
}

func validateBlock(b wireBlock) error {
	switch b.Type {
	case "header":
		if b.Text == nil || b.Text.Type != "plain_text" || b.Fields != nil || b.Elements != nil {
			return errors.New("a header holds exactly one plain_text")
		}
		return validateText(*b.Text, docHeader)
	case "section":
		if (b.Text == nil && len(b.Fields) == 0) || b.Elements != nil || len(b.Fields) > docFields {
			return errors.New("a section needs text or 1..10 fields")
		}
		if b.Text != nil {
			if err := validateText(*b.Text, docSection); err != nil {
				return err
			}
		}
		return validateAll(b.Fields, docField)
	case "context":
		if len(b.Elements) == 0 || len(b.Elements) > docContext || b.Text != nil || b.Fields != nil {
			return errors.New("a context holds 1..10 elements")
		}
		return validateAll(b.Elements, docTextObject)
	}
	return errors.New("unexpected block type")
}

func validateAll(ts []wireText, limit int) error {
	for _, t := range ts {
		if err := validateText(t, limit); err != nil {
			return err
		}
	}
	return nil
}

func validateText(t wireText, limit int) error {
	switch {
	case t.Type != "plain_text" && t.Type != "mrkdwn":
		return fmt.Errorf("text type %q", t.Type)
	case t.Verbatim != nil && t.Type != "mrkdwn":
		return errors.New("verbatim is only for mrkdwn")
	case t.Emoji != nil && t.Type != "plain_text":
		return errors.New("emoji is only for plain_text")
	case t.Text == "":
		return errors.New("empty text (minimum length is 1)")
	case chars(t.Text) > limit:
		return fmt.Errorf("text has %d characters, more than %d", chars(t.Text), limit)
	}
	return nil
}

// chars counts as JavaScript does (UTF-16 units), the larger of the two
// plausible readings of Slack's "characters".
func chars(s string) int { return updatestest.UTF16Len(s) }

package slack

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/keepcool/keepcool/updates/updatestest"
)

// The fake Web API's workspace: one channel, #incidents, and the token.
const (
	fakeToken   = "xoxb-fake-token-1234"
	fakeChannel = "C0INCIDENT1"
)

// apiCall is one request the fake Web API answered.
type apiCall struct {
	Method string // chat.postMessage, …
	Form   url.Values
	Auth   string // the Authorization header
}

// fakeMsg is a message in the fake channel.
type fakeMsg struct {
	TS, ThreadTS, Text, Blocks, Metadata string
	Broadcast                            bool
}

// fakeAPI is Slack's Web API as docs.slack.dev documents the methods the
// app channel calls: form-encoded requests with a bearer token, answers
// {"ok":true,…} or {"ok":false,"error":"code"}, 429 with Retry-After.
type fakeAPI struct {
	t   *testing.T
	url string

	mu    sync.Mutex
	calls []apiCall
	msgs  []*fakeMsg
	fail  map[string][]string // method → answers to give first: "429", "500", "lost" or an error code
}

func newFakeAPI(t *testing.T) *fakeAPI {
	f := &fakeAPI{t: t, fail: map[string][]string{}}
	f.url = updatestest.Serve(t, http.HandlerFunc(f.serve)).URL + "/api/"
	return f
}

// failNext makes the next call of method answer each of answers in turn.
func (f *fakeAPI) failNext(method string, answers ...string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.fail[method] = append(f.fail[method], answers...)
}

func (f *fakeAPI) app(t *testing.T, channel string) *App {
	return NewApp(AppConfig{Name: "ops", Token: fakeToken, Channel: channel, APIURL: f.url}, updatestest.Client())
}

func (f *fakeAPI) serve(w http.ResponseWriter, r *http.Request) {
	method := strings.TrimPrefix(r.URL.Path, "/api/")
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, apiCall{Method: method, Form: r.PostForm, Auth: r.Header.Get("Authorization")})
	lost := false
	if q := f.fail[method]; len(q) > 0 {
		f.fail[method] = q[1:]
		switch q[0] {
		case "429":
			w.Header().Set("Retry-After", "7")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		case "500":
			w.WriteHeader(http.StatusInternalServerError)
			return
		case "lost":
			lost = true // done, but the answer does not arrive
		default:
			f.answer(w, map[string]any{"ok": false, "error": q[0]})
			return
		}
	}
	if r.Header.Get("Authorization") != "Bearer "+fakeToken {
		f.answer(w, map[string]any{"ok": false, "error": "invalid_auth"})
		return
	}
	out := f.do(method, r.PostForm)
	if lost {
		w.WriteHeader(http.StatusBadGateway)
		return
	}
	f.answer(w, out)
}

func (f *fakeAPI) do(method string, form url.Values) map[string]any {
	ch := form.Get("channel")
	if method != "auth.test" && method != "conversations.list" && ch != fakeChannel && ch != "#incidents" {
		return map[string]any{"ok": false, "error": "channel_not_found"}
	}
	switch method {
	case "auth.test":
		return map[string]any{"ok": true, "user_id": "U0BOT", "team": "Example"}
	case "conversations.list":
		return map[string]any{"ok": true, "channels": []map[string]any{{"id": "C0OTHER001", "name": "general"},
			{"id": fakeChannel, "name": "incidents"}}, "response_metadata": map[string]string{"next_cursor": ""}}
	case "chat.postMessage":
		m := &fakeMsg{TS: fmt.Sprintf("1741939200.%06d", len(f.msgs)+1), ThreadTS: form.Get("thread_ts"), Text: form.Get("text"),
			Blocks: form.Get("blocks"), Metadata: form.Get("metadata"), Broadcast: form.Get("reply_broadcast") == "true"}
		f.msgs = append(f.msgs, m)
		return map[string]any{"ok": true, "channel": fakeChannel, "ts": m.TS}
	case "chat.update":
		for _, m := range f.msgs {
			if m.TS == form.Get("ts") && ch == fakeChannel {
				m.Text, m.Blocks = form.Get("text"), form.Get("blocks")
				return map[string]any{"ok": true, "channel": fakeChannel, "ts": m.TS, "text": m.Text}
			}
		}
		return map[string]any{"ok": false, "error": "message_not_found"}
	case "conversations.replies":
		var out []map[string]any // the parent, then its replies
		for _, m := range f.msgs {
			if m.TS != form.Get("ts") && m.ThreadTS != form.Get("ts") {
				continue
			}
			o := map[string]any{"type": "message", "ts": m.TS, "thread_ts": form.Get("ts"), "text": m.Text}
			if m.Metadata != "" && form.Get("include_all_metadata") == "1" {
				o["metadata"] = json.RawMessage(m.Metadata)
			}
			out = append(out, o)
		}
		return map[string]any{"ok": true, "messages": out, "has_more": false}
	case "conversations.history":
		var out []map[string]any // newest first, top-level and broadcast messages
		for i := len(f.msgs) - 1; i >= 0; i-- {
			m := f.msgs[i]
			if m.ThreadTS != "" && !m.Broadcast {
				continue
			}
			o := map[string]any{"type": "message", "ts": m.TS, "text": m.Text}
			if m.Metadata != "" && form.Get("include_all_metadata") == "1" {
				o["metadata"] = json.RawMessage(m.Metadata)
			}
			out = append(out, o)
		}
		return map[string]any{"ok": true, "messages": out, "has_more": false}
	}
	return map[string]any{"ok": false, "error": "unknown_method"}
}

func (f *fakeAPI) answer(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	if err := json.NewEncoder(w).Encode(v); err != nil {
		f.t.Error(err)
	}
}

// callsOf are the calls of method so far.
func (f *fakeAPI) callsOf(method string) []apiCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []apiCall
	for _, c := range f.calls {
		if c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

// replies are the messages in a thread.
func (f *fakeAPI) replies(root string) []fakeMsg {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []fakeMsg
	for _, m := range f.msgs {
		if m.ThreadTS == root {
			out = append(out, *m)
		}
	}
	return out
}

// roots are the channel's top-level messages.
func (f *fakeAPI) roots() []fakeMsg {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []fakeMsg
	for _, m := range f.msgs {
		if m.ThreadTS == "" {
			out = append(out, *m)
		}
	}
	return out
}

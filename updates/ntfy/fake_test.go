package ntfy

import (
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/keepcool/keepcool/updates/updatestest"
)

// publishJSON is every field ntfy's JSON publish form documents
// (docs.ntfy.sh/publish, "Publish as JSON"). The fake refuses any other
// field, so a misspelt one fails the test instead of being ignored.
type publishJSON struct {
	Topic      string          `json:"topic"`
	Message    *string         `json:"message"`
	Title      string          `json:"title"`
	Tags       []string        `json:"tags"`
	Priority   int             `json:"priority"`
	Actions    json.RawMessage `json:"actions"`
	Click      string          `json:"click"`
	Attach     string          `json:"attach"`
	Markdown   *bool           `json:"markdown"`
	Icon       string          `json:"icon"`
	Filename   string          `json:"filename"`
	Delay      string          `json:"delay"`
	Timezone   string          `json:"timezone"`
	Email      string          `json:"email"`
	Call       string          `json:"call"`
	SequenceID string          `json:"sequence_id"`
}

// published is what the fake accepted, with the title as ntfy shows it:
// after ntfy's RFC 2047 decoding of header values.
type published struct {
	Path, Query, Auth, ContentType string
	Raw                            []byte
	JSON                           publishJSON
	ShownTitle                     string
}

// fakeNtfy stands in for an ntfy server: it applies ntfy's documented
// limits and refuses what ntfy would refuse or turn into an attachment.
type fakeNtfy struct {
	*httptest.Server
	token string // when set, publishing needs "Bearer <token>"
	got   updatestest.Log[published]
}

var fakeTopicRE = regexp.MustCompile(`^[-_A-Za-z0-9]{1,64}$`)

func newFake(t *testing.T, token string) *fakeNtfy {
	f := &fakeNtfy{token: token}
	f.Server = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.Close)
	return f
}

func (f *fakeNtfy) serve(w http.ResponseWriter, r *http.Request) {
	p, code, why := f.check(r)
	if code != http.StatusOK {
		w.WriteHeader(code)
		fmt.Fprintf(w, `{"code":%d00,"http":%d,"error":%q}`, code, code, why)
		return
	}
	f.got.Add(p)
	fmt.Fprintf(w, `{"id":"hwQ2YpKdmg","time":%d,"event":"message","topic":%q}`, time.Now().Unix(), p.JSON.Topic)
}

// check applies ntfy's rules: JSON publishes go to the root, the body is at
// most 2×4096 bytes, the topic matches ntfy's pattern, priority is 1-5,
// the title ≤ 1 KB and tags ≤ 512 bytes; a message over 4096 bytes or not
// UTF-8 would become an attachment, which we refuse to send.
func (f *fakeNtfy) check(r *http.Request) (published, int, string) {
	p := published{Path: r.URL.Path, Query: r.URL.RawQuery, Auth: r.Header.Get("Authorization"), ContentType: r.Header.Get("Content-Type")}
	raw, _ := io.ReadAll(io.LimitReader(r.Body, 2*4096+1))
	p.Raw = raw
	switch {
	case r.Method != http.MethodPost || !strings.HasSuffix(r.URL.Path, "/"):
		return p, http.StatusNotFound, "JSON must be POSTed to the server root"
	case f.token != "" && p.Auth != "Bearer "+f.token:
		return p, http.StatusUnauthorized, "unauthorized"
	case strings.HasPrefix(p.ContentType, "text/markdown"):
		return p, http.StatusBadRequest, "markdown content type on untrusted text"
	case len(raw) > 2*4096:
		return p, http.StatusRequestEntityTooLarge, "JSON body too large"
	case updatestest.DecodeStrict(raw, &p.JSON) != nil:
		return p, http.StatusBadRequest, "invalid JSON or unknown field"
	}
	j := p.JSON
	switch {
	case !fakeTopicRE.MatchString(j.Topic):
		return p, http.StatusBadRequest, "invalid topic"
	case j.Priority < 0 || j.Priority > 5:
		return p, http.StatusBadRequest, "invalid priority"
	case len(j.Title) > 1024:
		return p, http.StatusBadRequest, "title too long"
	case len(strings.Join(j.Tags, ",")) > 512:
		return p, http.StatusBadRequest, "tags too long"
	case j.Message == nil || len(*j.Message) > 4096 || !utf8.ValidString(*j.Message):
		return p, http.StatusBadRequest, "message would become an attachment"
	}
	shown, err := new(mime.WordDecoder).DecodeHeader(j.Title)
	if err != nil {
		shown = j.Title
	}
	p.ShownTitle = shown
	return p, http.StatusOK, ""
}

func (f *fakeNtfy) last(t *testing.T) published { t.Helper(); return f.got.Last(t) }

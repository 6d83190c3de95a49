package engine

import (
	"net/http"
	"unicode/utf8"

	"github.com/keepcool/keepcool/engine/api"
)

// Bounds on what a request may carry besides its stakeholder text (which
// incident/check bounds): the short fields and the query. Past them the
// request is a mistake, refused before it is echoed back in an error or
// stored: a 100 KB estimate came back whole in the error saying it was not
// an estimate.
const (
	maxKey   = 128  // a request key: 32 hex digits from keepcool's client
	maxShort = 200  // an estimate, a snooze, a status, a channel's name
	maxQuery = 1024 // bytes of a URL's query: ?since=REV, ?id=…&format=…
)

// checkShort refuses a request whose short fields are over their bounds.
func checkShort(req any) error {
	var fields []shortField
	switch r := req.(type) {
	case api.StartRequest:
		fields = []shortField{{"estimate", r.ETA, maxShort}, {"key", r.Key, maxKey}}
	case api.NoteRequest:
		fields = []shortField{{"status", r.Status, maxShort}, {"key", r.Key, maxKey}}
	case api.EstimateRequest:
		fields = []shortField{{"estimate", r.ETA, maxShort}, {"key", r.Key, maxKey}}
	case api.StatusRequest:
		fields = []shortField{{"status", r.Status, maxShort}, {"key", r.Key, maxKey}}
	case api.SnoozeRequest:
		fields = []shortField{{"snooze", r.For, maxShort}, {"key", r.Key, maxKey}}
	case api.ResolveRequest:
		fields = []shortField{{"key", r.Key, maxKey}}
	case api.TestRequest:
		fields = []shortField{{"channel name", r.Name, maxShort}}
	case api.LinkRequest:
		fields = []shortField{{"key", r.Key, maxKey}, {"type", r.Type, maxShort}, {"id", r.ID, maxShort}}
	}
	for _, f := range fields {
		if err := f.check(); err != nil {
			return err
		}
	}
	return nil
}

// shortField is one short field of a request and its bound in characters.
type shortField struct {
	name, value string
	max         int
}

func (f shortField) check() error {
	if len(f.value) <= f.max {
		return nil
	}
	if n := utf8.RuneCountInString(f.value); n > f.max {
		return badRequest("the %s is %d characters long; it may be at most %d", f.name, n, f.max)
	}
	return nil
}

// limitQuery refuses a request whose URL query is over maxQuery bytes.
func limitQuery(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n := len(r.URL.RawQuery); n > maxQuery {
			reply(w, nil, badRequest("the request's query is %d bytes long; it may be at most %d", n, maxQuery))
			return
		}
		next.ServeHTTP(w, r)
	})
}

package client

import (
	"context"
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"net"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/keepcool/keepcool/engine/api"
)

// TestNoResultReadBesideTheCallThatFillsIt rejects `return out, c.do(…,
// &out)`: Go does not say whether out is read before or after the call
// fills it, so the caller may get the zero value.
func TestNoResultReadBesideTheCallThatFillsIt(t *testing.T) {
	files, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, f := range files {
		name := f.Name()
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			ret, ok := n.(*ast.ReturnStmt)
			if !ok {
				return true
			}
			for _, filled := range addressed(ret.Results) {
				for _, r := range ret.Results {
					if id, ok := r.(*ast.Ident); ok && id.Name == filled {
						t.Errorf("%s: returns %s beside a call that fills &%s: assign the call's error first", fset.Position(ret.Pos()), filled, filled)
					}
				}
			}
			return true
		})
	}
}

// addressed lists the variables whose address a call among exprs takes.
func addressed(exprs []ast.Expr) []string {
	var out []string
	for _, e := range exprs {
		ast.Inspect(e, func(n ast.Node) bool {
			if u, ok := n.(*ast.UnaryExpr); ok && u.Op == token.AND {
				if id, ok := u.X.(*ast.Ident); ok {
					out = append(out, id.Name)
				}
			}
			return true
		})
	}
	return out
}

// TestEveryCallReturnsWhatTheEngineSaid checks each call's result is the
// answer, not the zero value it started as.
func TestEveryCallReturnsWhatTheEngineSaid(t *testing.T) {
	sock := socketPath(t)
	ln, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	answers := map[string]any{
		api.PathStatus:   api.Status{Incident: &api.Incident{ID: "a"}},
		api.PathWatch:    api.Watched{Revision: 7},
		api.PathHistory:  []api.HistoryEntry{{ID: "a"}},
		api.PathChannels: []api.ChannelConfig{{Name: "ops"}},
		api.PathQuit:     api.QuitReply{Shield: []api.ShieldBackend{{Name: "gnome"}}},
		api.PathNote:     api.Incident{ID: "a"},
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		json.NewEncoder(w).Encode(answers[r.URL.Path])
	})}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	c, ctx := New(sock), context.Background()
	st, err := c.Status(ctx)
	check(t, "Status", err, st.Incident != nil)
	w, err := c.Watch(ctx, 0)
	check(t, "Watch", err, w.Revision == 7)
	h, err := c.History(ctx)
	check(t, "History", err, len(h) == 1)
	chs, err := c.Channels(ctx)
	check(t, "Channels", err, len(chs) == 1)
	q, err := c.QuitReport(ctx, api.QuitRequest{})
	check(t, "QuitReport", err, len(q.Shield) == 1)
	inc, err := c.Note(ctx, api.NoteRequest{Text: "n"})
	check(t, "Note", err, inc.ID == "a")
}

func check(t *testing.T, call string, err error, filled bool) {
	t.Helper()
	if err != nil || !filled {
		t.Errorf("%s: error %v, result filled %v", call, err, filled)
	}
}

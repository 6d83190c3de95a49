package api

import (
	"strings"
	"testing"

	"github.com/keepcool/keepcool/incident/check"
)

// The told note says the item is done, with the tick's note when it fits;
// it stays one line and within what the note's checks let pass without
// holding it back as long.
func TestToldNote(t *testing.T) {
	for _, c := range []struct {
		item, note, want string
	}{
		{"Promote replica `pg-2`", "", "Done: Promote replica `pg-2`"},
		{"Promote replica", "took 3 min", "Done: Promote replica — took 3 min"},
		{"Promote\nreplica", "took\n 3 min ", "Done: Promote replica — took 3 min"},
		{"Promote\nreplica", strings.Repeat("n", 600), "Done: Promote replica"},
		{strings.Repeat("é", 600), "", "Done: " + strings.Repeat("é", 493) + "…"},
	} {
		got := ToldNote(c.item, c.note)
		if got != c.want {
			t.Errorf("ToldNote(%q, %q) = %q, want %q", c.item, c.note, got, c.want)
		}
		if ws, err := check.Text(check.Note, got); err != nil || len(ws) != 0 {
			t.Errorf("%q: %v %+v", got, err, ws)
		}
	}
}

package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/keepcool/keepcool/engine/api"
)

// drill skip takes at most one scenario: more is a usage mistake (exit 2),
// said before any engine is asked.
func TestDrillSkipTooManyArgs(t *testing.T) {
	t.Setenv("KEEPCOOL_HOME", t.TempDir())
	var out, errb bytes.Buffer
	code := Main(context.Background(), []string{"drill", "skip", "a", "b"}, strings.NewReader(""), &out, &errb)
	if code != ExitUsage || !strings.Contains(errb.String(), "expected at most one scenario") {
		t.Fatalf("exit %d stderr %q; want %d and the usage", code, errb.String(), ExitUsage)
	}
}

// drill without a subcommand, or with one it does not know, is a usage
// mistake (exit 2) as channels and runbook are, said before any engine is
// asked.
func TestDrillWithoutSubcommandIsUsage(t *testing.T) {
	t.Setenv("KEEPCOOL_HOME", t.TempDir())
	for _, args := range [][]string{{"drill"}, {"drill", "bogus"}} {
		var out, errb bytes.Buffer
		code := Main(context.Background(), args, strings.NewReader(""), &out, &errb)
		if code != ExitUsage || !strings.Contains(errb.String(), "keepcool drill skip") {
			t.Errorf("%v: exit %d stderr %q; want %d and what to run", args, code, errb.String(), ExitUsage)
		}
	}
}

// Every problem is on a line of its own with its lead, a file's second
// and later ones too; a scenario a drill would refuse says why under it.
func TestPrintDrillsProblems(t *testing.T) {
	var out bytes.Buffer
	e := &env{}
	e.printDrills(&out, api.Drills{
		Dir: "/d",
		Scenarios: []api.DrillScenario{{Name: "dead", Title: "Dead", Events: 1,
			Problems: []string{"dead.toml:6: event: channel ops does not get drills"}}},
		Problems: []string{"broken.toml:3: event: kind = \"x\"\nbroken.toml:6: event: at = \"soon\"", "other.toml:1: TOML syntax"},
	})
	for _, want := range []string{
		"\n    cannot start: dead.toml:6: event: channel ops does not get drills\n",
		"\n  not read: broken.toml:3: event: kind = \"x\"\n  not read: broken.toml:6: event: at = \"soon\"\n  not read: other.toml:1: TOML syntax\n",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

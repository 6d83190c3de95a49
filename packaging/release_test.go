package packaging

import (
	"encoding/xml"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// The macOS files and the CI workflow are only used on macOS and CI runners;
// these tests catch their mistakes here, in make test.

// TestLaunchAgent checks the LaunchAgent scripts/dist-macos.sh puts into
// keepcool.app: it starts the app's keepcool at login, starts it again after
// a crash but not after `keepcool quit` (exit 0), and only in a GUI login.
func TestLaunchAgent(t *testing.T) {
	got := readPlist(t, "macos/"+appID+".plist")
	want := map[string]any{
		"Label":                  appID,
		"ProgramArguments":       []any{"/Applications/keepcool.app/Contents/MacOS/keepcool"},
		"RunAtLoad":              true,
		"KeepAlive":              map[string]any{"SuccessfulExit": false},
		"ProcessType":            "Interactive",
		"LimitLoadToSessionType": "Aqua",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("macos/%s.plist is\n%v\nwant\n%v", appID, got, want)
	}
}

// TestInfoPlistAdditions checks what dist-macos.sh merges into fyne's
// Info.plist keeps keepcool in the menu bar only (no Dock icon).
func TestInfoPlistAdditions(t *testing.T) {
	got := readPlist(t, "macos/Info.additions.plist")
	if got["LSUIElement"] != true {
		t.Errorf("macos/Info.additions.plist: LSUIElement is %v, want true", got["LSUIElement"])
	}
}

// TestWorkflowNamesWhatExists checks every make target and -f makefile the
// workflow runs is defined, and every script and packaging/macos file the
// workflow and dist-macos.sh name is in the repository: a rename would
// otherwise show only on a CI runner.
func TestWorkflowNamesWhatExists(t *testing.T) {
	wf := readFile(t, "../.github/workflows/ci.yml")
	mac := readFile(t, "../scripts/dist-macos.sh")
	// make at the start of a command: `- run: make x` or a line of a run block.
	makeRun := regexp.MustCompile(`(?m)(?:^\s*|run:\s+)make((?:\s+-f\s+\S+)*)\s+([a-z][\w-]*)`)
	runs := makeRun.FindAllStringSubmatch(wf, -1)
	if len(runs) == 0 {
		t.Fatal("found no make command in ci.yml: is the pattern still right?")
	}
	for _, m := range runs {
		files := strings.Fields(strings.ReplaceAll(m[1], "-f", " "))
		if len(files) == 0 {
			files = []string{"Makefile"}
		}
		var targets []string
		for _, f := range files {
			targets = append(targets, makeTargets(t, "../"+f)...)
		}
		if !slices.Contains(targets, m[2]) {
			t.Errorf("%q: no target %s in %s", strings.TrimSpace(m[0]), m[2], strings.Join(files, ", "))
		}
	}
	paths := regexp.MustCompile(`\b(?:scripts/[\w-]+\.sh|packaging/macos/[\w.-]+\w)`)
	for _, p := range paths.FindAllString(wf+mac, -1) {
		if _, err := os.Stat("../" + p); err != nil {
			t.Errorf("ci.yml or dist-macos.sh names %s: %v", p, err)
		}
	}
}

// TestArm64DistCheckRuns checks the arm64 job's -skip leaves some distcheck
// tests to run and skips every one that opens a Windows artifact, which that
// job doesn't build.
func TestArm64DistCheckRuns(t *testing.T) {
	wf := readFile(t, "../.github/workflows/ci.yml")
	m := regexp.MustCompile(`-tags distcheck \./packaging/distcheck/ -skip '([^']+)'`).FindStringSubmatch(wf)
	if m == nil {
		t.Fatal("ci.yml runs no `go test -tags distcheck ./packaging/distcheck/ -skip '...'` for arm64")
	}
	skip, err := regexp.Compile(m[1])
	if err != nil {
		t.Fatalf("ci.yml's -skip %q: %v", m[1], err)
	}
	files, err := filepath.Glob("distcheck/*_test.go")
	if err != nil {
		t.Fatal(err)
	}
	// A test and its body, up to the next top-level declaration.
	testFunc := regexp.MustCompile(`(?ms)^func (Test\w+)\(.*?^}`)
	ran := 0
	for _, f := range files {
		for _, fn := range testFunc.FindAllStringSubmatch(readFile(t, f), -1) {
			if skip.MatchString(fn[1]) {
				continue
			}
			ran++
			if strings.Contains(fn[0], "-windows-") || strings.Contains(fn[0], ".exe") {
				t.Errorf("the arm64 job's -skip %q runs %s, which opens a Windows artifact that job doesn't build", m[1], fn[1])
			}
		}
	}
	if ran == 0 {
		t.Errorf("the arm64 job's -skip %q skips every test in packaging/distcheck", m[1])
	}
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// makeTargets lists the explicit targets a makefile defines ("name:" at the
// start of a line, not "name :=").
func makeTargets(t *testing.T, name string) []string {
	t.Helper()
	var targets []string
	for _, m := range regexp.MustCompile(`(?m)^([\w.-]+)\s*:([^=]|$)`).FindAllStringSubmatch(readFile(t, name), -1) {
		targets = append(targets, m[1])
	}
	return targets
}

// readPlist decodes an XML property list's top-level dict: strings, booleans,
// arrays and dicts, which is all launchd and Info.plist files here use.
func readPlist(t *testing.T, name string) map[string]any {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	d := xml.NewDecoder(f)
	for {
		tok, err := d.Token()
		if err != nil {
			t.Fatalf("%s: no <dict> in the plist: %v", name, err)
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "dict" {
			v, err := plistValue(d, se)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			return v.(map[string]any)
		}
	}
}

// plistValue decodes the element start opens.
func plistValue(d *xml.Decoder, start xml.StartElement) (any, error) {
	switch start.Name.Local {
	case "string":
		var s string
		err := d.DecodeElement(&s, &start)
		return s, err
	case "true", "false":
		return start.Name.Local == "true", d.Skip()
	case "array", "dict":
		var items []any
		for {
			tok, err := d.Token()
			if err != nil {
				return nil, err
			}
			switch tok := tok.(type) {
			case xml.StartElement:
				v, err := plistValue(d, tok)
				if err != nil {
					return nil, err
				}
				items = append(items, v)
			case xml.EndElement:
				if start.Name.Local == "array" {
					return items, nil
				}
				return plistDict(items)
			}
		}
	case "key":
		var k string
		err := d.DecodeElement(&k, &start)
		return plistKey(k), err
	}
	return nil, fmt.Errorf("<%s> is not a plist element this test reads", start.Name.Local)
}

// plistKey marks a <key> among a dict's items.
type plistKey string

// plistDict pairs a dict's items: each <key> and the value after it.
func plistDict(items []any) (map[string]any, error) {
	m := map[string]any{}
	for len(items) > 0 {
		k, ok := items[0].(plistKey)
		if !ok || len(items) < 2 {
			return nil, errors.New("a <dict> holds something other than <key> value pairs")
		}
		if _, ok := items[1].(plistKey); ok {
			return nil, errors.New("a <dict> holds something other than <key> value pairs")
		}
		if _, dup := m[string(k)]; dup {
			return nil, fmt.Errorf("key %s twice in one <dict>", k)
		}
		m[string(k)] = items[1]
		items = items[2:]
	}
	return m, nil
}

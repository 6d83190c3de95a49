package updates

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/keepcool/keepcool/incident"
)

type capture struct{ got []Message }

func (c *capture) Name() string { return "cap" }
func (c *capture) Send(_ context.Context, m Message) error {
	c.got = append(c.got, m)
	return nil
}

func writeTemplate(t *testing.T, src string) string {
	p := filepath.Join(t.TempDir(), "slack.tmpl")
	if err := os.WriteFile(p, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestTemplateRewordsTheBody(t *testing.T) {
	at := time.Date(2026, 11, 24, 9, 30, 0, 0, time.UTC)
	m := Message{ID: "i/2", Kind: KindNote, At: at, Title: "Checkout", Severity: 2, Status: "identified",
		DeclaredAt: at.Add(-42 * time.Minute), Note: "rolled back <b>412</b>", NextUpdateBy: at.Add(15 * time.Minute),
		Estimate: incident.Estimate{MinAt: at.Add(time.Hour), MaxAt: at.Add(2 * time.Hour)}}
	tmpl, err := LoadTemplate(writeTemplate(t, `Payments team here: {{.Note}} ({{upper .Status}}, fix {{.EstimateText}}, {{span (.At.Sub .DeclaredAt)}} in)`))
	if err != nil {
		t.Fatal(err)
	}
	c := &capture{}
	if err := (Templated{Channel: c, T: tmpl}).Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	got := c.got[0]
	want := "Payments team here: rolled back <b>412</b> (IDENTIFIED, fix 10:30–11:30 UTC, 42 min in)"
	if got.Body() != want || got.Facts() != nil {
		t.Fatalf("body %q facts %v; want %q and none", got.Body(), got.Facts(), want)
	}
	if got.NextUpdate() != "Next update by 09:45 UTC" || !strings.Contains(got.Text(), want) {
		t.Fatalf("the promise or text lost: %q", got.Text())
	}
}

func TestTemplateTimesReadInTheConfiguredZoneAndClock(t *testing.T) {
	at := time.Date(2026, 11, 24, 9, 30, 0, 0, time.UTC) // a Tuesday
	m := Message{ID: "i/2", Kind: KindNote, At: at, TimeZone: "America/New_York", Clock: "12h",
		NextUpdateBy: at.Add(15 * time.Minute), DeclaredAt: at.Add(-10 * time.Hour),
		Estimate: incident.Estimate{MinAt: at.Add(20 * time.Hour), MaxAt: at.Add(22 * time.Hour)}}
	tmpl, err := LoadTemplate(writeTemplate(t, `next {{.Time .NextUpdateBy}}; declared {{.Time .DeclaredAt}}; fix {{.EstimateText}}; clock {{clock .At}}`))
	if err != nil {
		t.Fatal(err)
	}
	got, err := tmpl.Render(m)
	if err != nil {
		t.Fatal(err)
	}
	want := "next 4:45 AM EST; declared Mon 23 Nov 6:30 PM EST; fix Wed 12:30 AM–2:30 AM EST; clock 09:30 UTC"
	if got != want {
		t.Errorf("Render = %q, want %q", got, want)
	}
}

func TestBrokenTemplateNamesFileAndLine(t *testing.T) {
	_, err := LoadTemplate(writeTemplate(t, "line one\n{{.Note"))
	if err == nil || !strings.Contains(err.Error(), "slack.tmpl:2") {
		t.Fatalf("parse error: %v", err)
	}
	tmpl, err := LoadTemplate(writeTemplate(t, "{{.NoSuchField}}"))
	if err != nil {
		t.Fatal(err)
	}
	err = (Templated{Channel: &capture{}, T: tmpl}).Send(context.Background(), Message{})
	if !IsPermanent(err) || !strings.Contains(err.Error(), "NoSuchField") {
		t.Fatalf("execution error: %v", err)
	}
}

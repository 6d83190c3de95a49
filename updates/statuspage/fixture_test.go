package statuspage

import (
	"context"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/keepcool/keepcool/incident"
	"github.com/keepcool/keepcool/updates"
)

// zone is the engine's offset in every fixture: the page must show times in
// it, not in the test machine's zone.
var zone = time.FixedZone("CEST", 2*3600)

func at(hhmm string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", "2026-03-12 "+hhmm, zone)
	if err != nil {
		panic(err)
	}
	return t
}

func est(lo, hi string) incident.Estimate { return incident.Estimate{MinAt: at(lo), MaxAt: at(hi)} }

// hostileNote is the brief's hostile note: markup, chat mentions, Markdown,
// an ANSI escape, 100 KB of text and invalid UTF-8.
var hostileNote = `<script>alert(1)</script> <!channel> <!here> @channel @here @everyone <@U123> **bold** _x_ ` +
	"`code` [link](http://evil) & < > \x1b[31m" + strings.Repeat("lorem ipsum ", 100*1024/12) + "\xff\xfe end"

// browserHostile is what the browser test sends: it runs script if any
// layer ever inserts it as markup.
const browserHostile = `<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>`

// scenario is a realistic SEV2 incident in progress at 09:55: declared at
// 09:02, the cause identified, the estimate revised once.
func scenario() []updates.Message {
	base := updates.Message{
		IncidentID: "inc-20260312-0902", Title: "Checkout returns 500s for EU customers", Severity: 2,
		DeclaredAt: at("09:02"), Engineer: "Sam", Estimate: est("09:30", "10:15"),
	}
	msg := func(seq int, kind updates.Kind, hhmm, status, next string, f func(*updates.Message)) updates.Message {
		m := base
		m.ID = m.IncidentID + "/" + strconv.Itoa(seq)
		m.Kind, m.At, m.Status, m.NextUpdateBy = kind, at(hhmm), status, at(next)
		if f != nil {
			f(&m)
		}
		return m
	}
	return []updates.Message{
		msg(1, updates.KindDeclared, "09:02", "investigating", "09:17", func(m *updates.Message) {
			m.Impact = "About 30% of card payments from EU customers fail at checkout. US and APAC are unaffected; carts are kept."
			m.Known = "Errors started at 08:51, right after payments-gateway v2.41 was deployed."
			m.Unknown = "Whether the deploy or the database failover at 08:50 is the cause."
			m.Plan = "Roll back payments-gateway in one EU zone and compare error rates."
		}),
		msg(4, updates.KindNote, "09:16", "investigating", "09:31", func(m *updates.Message) {
			m.Note = "Rollback in eu-west-1a cut errors there from 31% to 2%. The deploy is the likely cause."
		}),
		msg(6, updates.KindStatus, "09:24", "identified", "09:39", func(m *updates.Message) {
			m.Note = "Cause identified: v2.41 sends an empty VAT header for EU cards and the acquirer rejects the payment."
		}),
		msg(8, updates.KindEstimate, "09:31", "identified", "09:46", func(m *updates.Message) {
			m.Estimate, m.PreviousEstimate = est("09:45", "10:30"), est("09:30", "10:15")
			m.Why = "The last zone's rollback waits on a database migration lock."
		}),
		msg(11, updates.KindNoChange, "09:46", "identified", "10:01", func(m *updates.Message) {
			m.Estimate = est("09:45", "10:30")
			m.Note = "Still working on it; nothing new since the last update."
		}),
		msg(12, updates.KindNote, "09:52", "identified", "10:07", func(m *updates.Message) {
			m.Estimate = est("09:45", "10:30")
			m.Note = "Two of three zones rolled back; EU error rate down to 9%. Releasing the migration lock in eu-west-1c now."
		}),
	}
}

// resolvedMsg closes the scenario at 10:12.
func resolvedMsg() updates.Message {
	m := scenario()[5]
	m.ID, m.Kind, m.At, m.Status = "inc-20260312-0902/15", updates.KindResolved, at("10:12"), "resolved"
	m.ResolvedAt, m.NextUpdateBy = at("10:12"), time.Time{}
	m.Note, m.Summary = "", "All zones rolled back to v2.40; EU checkout error rate back to its normal 0.3%."
	m.RootCause = "payments-gateway v2.41 sent an empty VAT header for EU cards."
	return m
}

// noteMsg is one more progress note in the scenario's incident.
func noteMsg(id, hhmm, text string) updates.Message {
	m := scenario()[5]
	m.ID, m.At, m.Note, m.NextUpdateBy = "inc-20260312-0902/"+id, at(hhmm), text, at(hhmm).Add(15*time.Minute)
	return m
}

// clockAt is a fixed clock for the page.
func clockAt(hhmm string) func() time.Time { return func() time.Time { return at(hhmm) } }

// seeded is a page holding the scenario, at 09:55.
func seeded(t *testing.T) *Page {
	t.Helper()
	p := New("statuspage", clockAt("09:55"))
	p.Seed(scenario(), 0)
	return p
}

// serve runs p's handler on a loopback test server. Streams are ended
// before the server closes: httptest.Server.Close waits for every
// connection, and an open page never hangs up by itself.
func serve(t *testing.T, p *Page, token string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(p.Handler(token))
	t.Cleanup(func() {
		p.Close()
		srv.Close()
	})
	return srv
}

// serveBench is serve for benchmarks; it returns the server's URL.
func serveBench(b *testing.B, p *Page) string {
	srv := httptest.NewServer(p.Handler(""))
	b.Cleanup(func() {
		p.Close()
		srv.Close()
	})
	return srv.URL
}

// testCtx bounds a test that waits on the network, so a bug fails it
// instead of hanging the run. It is no timing assertion.
func testCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	t.Cleanup(cancel)
	return ctx
}

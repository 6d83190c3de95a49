package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/engine/client"
)

func TestNotDelivering(t *testing.T) {
	hook := api.Channel{Name: "hook", State: api.ChannelRetrying, Pending: 3, Reason: "connection refused"}
	ops := api.Channel{Name: "ops", State: api.ChannelDead, Pending: 2, Reason: "HTTP 404 Not Found"}
	mail := api.Channel{Name: "mail", State: api.ChannelMisconfigured, Pending: 1, Reason: "misconfigured"}
	tests := []struct {
		name string
		d    *api.Delivery
		want string
		todo string
	}{
		{"no answer", nil, "", ""},
		{"all delivering", &api.Delivery{Channels: 4}, "", ""},
		{"one retrying", &api.Delivery{Channels: 4, NotDelivering: []api.Channel{hook}},
			"1 of 4 channels is not delivering: hook (connection refused), 3 queued.", "retries by itself"},
		{"one of one", &api.Delivery{Channels: 1, NotDelivering: []api.Channel{hook}},
			"1 of 1 channel is not delivering: hook (connection refused), 3 queued.", "retries by itself"},
		{"dead and misconfigured", &api.Delivery{Channels: 4, NotDelivering: []api.Channel{ops, mail}},
			"2 of 4 channels are not delivering: ops (dead: HTTP 404 Not Found), 2 queued; mail (misconfigured), 1 queued.", "keepcool channels test NAME"},
		{"one refused a message", &api.Delivery{Channels: 2, Rejected: []api.Channel{{Name: "chat", State: api.ChannelOK, Undelivered: 1, Reason: "HTTP 400 Bad Request"}}},
			"chat rejected 1 message (HTTP 400 Bad Request).", "keepcool export lists the refused ones"},
		{"one dead", &api.Delivery{Channels: 2, NotDelivering: []api.Channel{hook, ops}},
			"2 of 2 channels are not delivering: hook (connection refused), 3 queued; ops (dead: HTTP 404 Not Found), 2 queued.", "keepcool channels test ops sends"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.d.Summary(); got != tt.want {
				t.Fatalf("got  %q\nwant %q", got, tt.want)
			}
			var b bytes.Buffer
			reportDelivery(&b, api.Incident{Delivery: tt.d})
			if (b.Len() > 0) != (tt.want != "") || !strings.Contains(b.String(), tt.todo) {
				t.Fatalf("report %q, want it to say %q", b.String(), tt.todo)
			}
		})
	}
}

func TestHoldingWarning(t *testing.T) {
	now := time.Now().Truncate(time.Minute)
	promised, holding := now.Add(10*time.Minute), now.Add(12*time.Minute)
	before, after := now.Add(5*time.Minute), now.Add(20*time.Minute)
	inc := func(until time.Time) api.Incident {
		return api.Incident{NextUpdateDue: &promised, HoldingAt: &holding, SnoozedUntil: &until}
	}
	if got := holdingWarning(inc(before), clock); got != "" {
		t.Errorf("snooze ending before the promise: %q", got)
	}
	if got := holdingWarning(inc(promised), clock); got != "" {
		t.Errorf("snooze ending at the promise: %q", got)
	}
	want := "Stakeholders were promised an update by " + clock(&promised) + ": a holding message goes to them at " + clock(&holding) + " unless you post"
	if got := holdingWarning(inc(after), clock); !strings.Contains(got, want) {
		t.Errorf("snooze past the promise: %q, want %q", got, want)
	}
}

func TestRefusedSaysHowToForce(t *testing.T) {
	msg := refused(&client.WarningsError{Warnings: []api.Warning{
		{Code: "command", Field: "note", Message: "The note looks like a shell command (kubectl …)."},
		{Code: "secret", Field: "note", Message: "The note contains what looks like a GitHub token."},
	}})
	for _, part := range []string{"not sent", "shell command (kubectl …)", "GitHub token", "--force"} {
		if !strings.Contains(msg, part) {
			t.Errorf("%q lacks %q", msg, part)
		}
	}
}

// Usage errors that say what to do are not followed by a pointer to
// --help; those that do not (cobra's flag errors) are.
func TestUsageHint(t *testing.T) {
	tests := []struct {
		args []string
		says string
		hint bool
	}{
		{[]string{"note", "--no-change", "still", "looking"}, "--no-change sends no text", false},
		{[]string{"note"}, "missing the note", false},
		{[]string{"bogus"}, "unknown command", false},
		{[]string{"start", "x", "--bogus"}, "unknown flag", true},
		{[]string{"status", "extra"}, "expected no arguments", true},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			t.Setenv("KEEPCOOL_HOME", t.TempDir())
			var out, errb bytes.Buffer
			code := Main(context.Background(), tt.args, strings.NewReader(""), &out, &errb)
			if code != ExitUsage || !strings.Contains(errb.String(), tt.says) {
				t.Fatalf("exit %d stderr %q; want %d and %q", code, errb.String(), ExitUsage, tt.says)
			}
			if got := strings.Contains(errb.String(), "keepcool --help' for usage"); got != tt.hint {
				t.Fatalf("hint shown = %v, want %v: %q", got, tt.hint, errb.String())
			}
		})
	}
}

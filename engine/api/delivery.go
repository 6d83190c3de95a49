package api

import (
	"fmt"
	"strings"
	"time"

	"github.com/keepcool/keepcool/timefmt"
)

// Channel states (Channel.State). More may be added; a client that does
// not know one treats it as not delivering.
const (
	ChannelOK            = "ok"            // delivering, or nothing tried since the last success
	ChannelRetrying      = "retrying"      // the last try failed; it tries again by itself
	ChannelDead          = "dead"          // given up (HTTP 401/403/404/410, a bad configuration, or 24 h failing): fix it, then `keepcool channels test NAME`
	ChannelMisconfigured = "misconfigured" // cannot send as configured (an unset env:NAME, a missing keyring entry)
)

// Delivering reports whether the channel delivers: its last try did not
// fail and its configuration is whole. A message just queued to a
// delivering channel is on its way, not a failure.
func (c Channel) Delivering() bool { return c.State == ChannelOK }

// NeedsAttention reports whether the engineer should hear about the
// channel: it is not delivering, or it refused a message of this incident
// for good (Undelivered). A delivering channel that refused a message
// carries that refusal in LastError and Reason ("HTTP 400 Bad Request:
// invalid_payload").
func (c Channel) NeedsAttention() bool { return !c.Delivering() || c.Undelivered > 0 }

// Why is why the channel is not delivering, in a few words (Reason, else
// its State); "" while it delivers.
func (c Channel) Why() string {
	switch {
	case c.Delivering():
		return ""
	case c.Reason != "":
		return c.Reason
	}
	return c.State
}

// Delivery is how the stakeholder channels fare, as whoever just posted
// should see it.
type Delivery struct {
	Channels int `json:"channels"` // every configured channel, the status page included
	// NotDelivering are the channels that are not delivering (dead,
	// misconfigured, or whose last try failed), in configuration order,
	// each with what it still owes (Pending) and why (Reason, LastError).
	NotDelivering []Channel `json:"not_delivering,omitempty"`
	// Rejected are the channels that refused messages of this incident
	// for good (Undelivered > 0; those messages are not retried, later
	// ones still go), delivering or not, in configuration order.
	Rejected []Channel `json:"rejected,omitempty"`
}

// DeliveryOf sums chans up: how many there are, which are not
// delivering and which refused messages.
func DeliveryOf(chans []Channel) *Delivery {
	d := &Delivery{Channels: len(chans)}
	for _, c := range chans {
		if !c.Delivering() {
			d.NotDelivering = append(d.NotDelivering, c)
		}
		if c.Undelivered > 0 {
			d.Rejected = append(d.Rejected, c)
		}
	}
	return d
}

// Summary says which channels need attention, for whoever just posted or
// is about to: "1 of 4 channels is not delivering: hook (connection
// refused), 3 queued." and "ops rejected 1 message (HTTP 400 Bad Request:
// invalid_payload)." It is "" when every channel delivers and refused
// nothing (or d is nil).
func (d *Delivery) Summary() string {
	if d == nil {
		return ""
	}
	return strings.TrimSpace(d.notDelivering() + " " + d.rejected())
}

// rejected is Summary's sentence about refused messages.
func (d *Delivery) rejected() string {
	parts := make([]string, 0, len(d.Rejected))
	for _, c := range d.Rejected {
		p := fmt.Sprintf("%s rejected %s", c.Name, timefmt.Count(c.Undelivered, "message", "messages"))
		if c.Delivering() && c.Reason != "" {
			p += " (" + c.Reason + ")"
		}
		parts = append(parts, p)
	}
	if len(parts) == 0 {
		return ""
	}
	return strings.Join(parts, "; ") + "."
}

// notDelivering is Summary's sentence about channels not delivering.
func (d *Delivery) notDelivering() string {
	if len(d.NotDelivering) == 0 {
		return ""
	}
	verb, noun := "is", "channels"
	if len(d.NotDelivering) > 1 {
		verb = "are"
	}
	if d.Channels == 1 {
		noun = "channel"
	}
	parts := make([]string, 0, len(d.NotDelivering))
	for _, c := range d.NotDelivering {
		reason := c.Why()
		if c.State == ChannelDead {
			reason = "dead: " + reason
		}
		parts = append(parts, fmt.Sprintf("%s (%s), %d queued", c.Name, reason, c.Pending))
	}
	return fmt.Sprintf("%d of %d %s %s not delivering: %s.", len(d.NotDelivering), d.Channels, noun, verb, strings.Join(parts, "; "))
}

// Warning is one reason a request's text was not sent (see the package
// doc). Code is one of "command", "paste", "secret", "long", "estimate";
// more may be added. Message is a sentence for a person that never
// repeats a secret.
type Warning struct {
	Code    string `json:"code"`
	Field   string `json:"field"` // title, note, impact, known, unknown, plan, why, summary, root cause, estimate
	Message string `json:"message"`
}

// TestReply answers a channel test (POST PathTest) whose test message was
// delivered: what became of the messages the channel owed, which the test
// released. Text says it all in a sentence for a person.
type TestReply struct {
	Text      string      `json:"text"`
	Delivered int         `json:"delivered"`          // queued messages delivered after the test
	Rejected  []Rejection `json:"rejected,omitempty"` // queued messages the channel refused for good
	Pending   int         `json:"pending"`            // still queued when the engine stopped waiting
	Error     string      `json:"error,omitempty"`    // the channel failed again while flushing
	// ReadOnly says the channel's test only read from its service (a
	// hosted status page or incident tool): nothing was posted there.
	ReadOnly bool `json:"read_only,omitempty"`
}

// Rejection is one message a channel refused for good.
type Rejection struct {
	MessageID string    `json:"message_id"`
	Kind      string    `json:"kind"` // declared, note, no-change, holding, estimate, status, resolved
	At        time.Time `json:"at"`
	Answer    string    `json:"answer"` // the provider's, in short: "HTTP 400 Bad Request: invalid_payload"
}

// Clean reports whether everything the test released was delivered.
func (r TestReply) Clean() bool { return len(r.Rejected) == 0 && r.Pending == 0 && r.Error == "" }

// Sentence says what r means for channel name: "Test message delivered to
// hook; then 1 queued message was rejected (note: HTTP 400 Bad Request:
// invalid_payload), and 3 queued messages delivered."
func (r TestReply) Sentence(name string) string {
	var then []string
	if n := len(r.Rejected); n > 0 {
		answers := make([]string, 0, n)
		for _, rj := range r.Rejected {
			answers = append(answers, rj.Kind+": "+rj.Answer)
		}
		verb := "were"
		if n == 1 {
			verb = "was"
		}
		then = append(then, fmt.Sprintf("%s %s rejected (%s)", queued(n), verb, strings.Join(answers, "; ")))
	}
	if r.Delivered > 0 {
		then = append(then, queued(r.Delivered)+" delivered")
	}
	s := "Test message delivered to " + name
	if r.ReadOnly {
		s = name + " answered the test (keepcool only read from it: a test posts nothing there)"
	}
	if len(then) > 0 {
		s += "; then " + strings.Join(then, ", and ")
	}
	switch {
	case r.Error != "":
		s += fmt.Sprintf("; then the channel failed again (%s): %d still queued", r.Error, r.Pending)
	case r.Pending > 0:
		s += fmt.Sprintf("; %d still queued and on their way (keepcool status shows them)", r.Pending)
	}
	return s + "."
}

func queued(n int) string { return timefmt.Count(n, "queued message", "queued messages") }

package api

import (
	"fmt"
	"strings"
)

// Channel states (Channel.State). More may be added; a client that does
// not know one treats it as not delivering.
const (
	ChannelOK            = "ok"            // delivering, or nothing tried since the last success
	ChannelRetrying      = "retrying"      // the last try failed; it tries again by itself
	ChannelDead          = "dead"          // given up (4xx or 24 h failing): fix it, then `keepcool channels test NAME`
	ChannelMisconfigured = "misconfigured" // cannot send as configured (an unset env:NAME, a missing keyring entry)
)

// Delivering reports whether the channel delivers: its last try did not
// fail and its configuration is whole. A message just queued to a
// delivering channel is on its way, not a failure.
func (c Channel) Delivering() bool { return c.State == ChannelOK }

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
}

// DeliveryOf sums chans up: how many there are and which are not
// delivering.
func DeliveryOf(chans []Channel) *Delivery {
	d := &Delivery{Channels: len(chans)}
	for _, c := range chans {
		if !c.Delivering() {
			d.NotDelivering = append(d.NotDelivering, c)
		}
	}
	return d
}

// Summary says which channels are not delivering, for whoever just posted
// or is about to: "1 of 4 channels is not delivering: hook (connection
// refused), 3 queued." It is "" when every channel delivers (or d is nil).
func (d *Delivery) Summary() string {
	if d == nil || len(d.NotDelivering) == 0 {
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

package api

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

// Warning is one reason a request's text was not sent (see the package
// doc). Code is one of "command", "paste", "secret", "long", "estimate";
// more may be added. Message is a sentence for a person that never
// repeats a secret.
type Warning struct {
	Code    string `json:"code"`
	Field   string `json:"field"` // title, note, impact, known, unknown, plan, why, summary, root cause, estimate
	Message string `json:"message"`
}

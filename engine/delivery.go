package engine

import (
	"slices"

	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/incident"
	"github.com/keepcool/keepcool/updates"
)

// channelsOf is every channel's delivery state, with deliveries counted
// for incident id. A channel that delivers but refused messages of this
// incident for good says so: Undelivered counts them, and LastError and
// Reason carry the latest refusal (the provider's answer), so every reply,
// the prompt and the tray can tell the engineer.
func (e *Engine) channelsOf(id string) []api.Channel {
	out := []api.Channel{}
	for _, c := range e.outbox.Status(id) {
		ch := api.Channel{
			Name: c.Name, Type: c.Type, Delivered: c.Delivered, Pending: c.Pending,
			State: c.State, LastError: c.LastError, Reason: c.Reason, Undelivered: len(c.Undelivered),
		}
		if n := len(c.Undelivered); n > 0 && ch.Delivering() && ch.LastError == "" {
			last := c.Undelivered[n-1].Error
			ch.LastError, ch.Reason = last, updates.Answer(last)
		}
		out = append(out, ch)
	}
	return out
}

// deliveryLocked is how the channels st's messages go to fare, for the
// answer to a command: for a drill only the channels that get drills (a
// real channel failing is not the drill's to fix, and saying so in every
// drill reply is noise). Callers hold e.mu.
func (e *Engine) deliveryLocked(st incident.State, chans []api.Channel) *api.Delivery {
	if st.Drill {
		to := e.recipientsLocked(st, updates.KindNote, nil)
		chans = slices.DeleteFunc(slices.Clone(chans), func(c api.Channel) bool { return !slices.Contains(to, c.Name) })
	}
	return api.DeliveryOf(chans)
}

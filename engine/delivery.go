package engine

import (
	"slices"

	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/incident"
	"github.com/keepcool/keepcool/updates"
)

// channelsOf is every channel's delivery state, with deliveries counted
// for incident id. A channel that refused messages of this incident for
// good says so: Undelivered counts them and LastRefusal has the latest
// (the provider's answer). A delivering one also carries it in Reason,
// and in LastError unless that holds a delivery's warning (a Slack root
// not edited), so every reply, the prompt and the tray can tell the
// engineer.
func (e *Engine) channelsOf(id string) []api.Channel {
	out := []api.Channel{}
	for _, c := range e.outbox.Status(id) {
		ch := api.Channel{
			Name: c.Name, Type: c.Type, Delivered: c.Delivered, Pending: c.Pending,
			State: c.State, LastError: c.LastError, Reason: c.Reason, Undelivered: len(c.Undelivered),
		}
		if n := len(c.Undelivered); n > 0 {
			ch.LastRefusal = c.Undelivered[n-1].Error
		}
		if ch.LastRefusal != "" && ch.Delivering() {
			ch.Reason = updates.Answer(ch.LastRefusal)
			if ch.LastError == "" {
				ch.LastError = ch.LastRefusal
			}
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

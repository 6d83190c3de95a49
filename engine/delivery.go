package engine

import "github.com/keepcool/keepcool/engine/api"

// channelsOf is every channel's delivery state, with deliveries counted
// for incident id.
func (e *Engine) channelsOf(id string) []api.Channel {
	out := []api.Channel{}
	for _, c := range e.outbox.Status(id) {
		out = append(out, api.Channel{
			Name: c.Name, Type: c.Type, Delivered: c.Delivered, Pending: c.Pending,
			State: c.State, LastError: c.LastError, Reason: c.Reason,
		})
	}
	return out
}

// delivery sums chans up for whoever just posted: how many there are and
// which are not delivering. It is read after the command queued its
// message, so a message just queued to a healthy channel counts as on its
// way, and a channel whose last try failed as not delivering.
func delivery(chans []api.Channel) *api.Delivery {
	d := &api.Delivery{Channels: len(chans)}
	for _, c := range chans {
		if !c.Delivering() {
			d.NotDelivering = append(d.NotDelivering, c)
		}
	}
	return d
}

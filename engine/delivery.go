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

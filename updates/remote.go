package updates

import "sync"

// Remote remembers, for a hosted channel, the provider's incident that
// stands for each keepcool incident (a Statuspage or Cachet incident, a
// PagerDuty incident found on the service, a Slack app's root message), so
// that only the first message of an incident, or the first after a
// restart, searches for it. Safe for
// concurrent use; the zero value is empty and ready.
type Remote[V comparable] struct {
	mu sync.Mutex
	m  map[string]V
}

// Get returns the remote id remembered for keepcool incident id; ok is
// false when there is none (or it is V's zero value).
func (r *Remote[V]) Get(id string) (v V, ok bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	v = r.m[id]
	var zero V
	return v, v != zero
}

// Remember records remote as keepcool incident id's remote id.
func (r *Remote[V]) Remember(id string, remote V) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.m == nil {
		r.m = map[string]V{}
	}
	r.m[id] = remote
}

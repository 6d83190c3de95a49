package statuspage

import "sync"

// maxClients caps open event streams. Each costs a goroutine and a socket;
// past a few thousand the machine's file descriptors, not the page, give
// out, so refuse politely instead (the browser retries). Served as the
// engine serves it, the connection cap (MaxConns) binds first: this one
// bounds the handler mounted anywhere else.
const maxClients = 5000

// hub fans state events out to the open streams. Each client has a mailbox
// of one: publishing replaces an unread event with the newer one. Every
// event is the whole state, so a slow viewer skips to the latest instead of
// queueing, and publish never waits on a network write.
type hub struct {
	max int

	mu      sync.Mutex
	clients map[*client]struct{}
	closed  bool
}

type client struct {
	events chan []byte   // mailbox of one: the newest state not yet written
	done   chan struct{} // closed by hub.close
}

func newHub(max int) *hub {
	return &hub{max: max, clients: make(map[*client]struct{})}
}

// add registers a client whose mailbox already holds first, the state at
// the moment it joined. It reports false when the hub is full or closed.
func (h *hub) add(first []byte) (*client, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed || len(h.clients) >= h.max {
		return nil, false
	}
	c := &client{events: make(chan []byte, 1), done: make(chan struct{})}
	c.events <- first
	h.clients[c] = struct{}{}
	return c, true
}

func (h *hub) remove(c *client) {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.clients, c)
}

func (h *hub) count() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.clients)
}

// publish offers ev to every client without blocking.
func (h *hub) publish(ev []byte) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.clients {
		offer(c.events, ev)
	}
}

// close ends every stream and refuses new ones.
func (h *hub) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return
	}
	h.closed = true
	for c := range h.clients {
		close(c.done)
	}
}

// offer puts ev in a mailbox of one, dropping the older event it holds.
// Only publish sends (under h.mu), so after one drain there is room.
func offer(box chan []byte, ev []byte) {
	select {
	case box <- ev:
		return
	default:
	}
	select {
	case <-box:
	default: // the client took it meanwhile
	}
	box <- ev
}

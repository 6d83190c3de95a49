package statuspage

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/keepcool/keepcool/internal/poll"
)

// stream is a test's Server-Sent Events client.
type stream struct {
	r    *bufio.Reader
	body io.Closer
}

func openStream(t *testing.T, ctx context.Context, hc *http.Client, url string) *stream {
	t.Helper()
	s, err := dialStream(ctx, hc, url)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// dialStream is openStream for goroutines other than the test's own.
func dialStream(ctx context.Context, hc *http.Client, url string) (*stream, error) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url+"/events", nil)
	res, err := hc.Do(req)
	if err != nil {
		return nil, err
	}
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "text/event-stream; charset=utf-8" {
		res.Body.Close()
		return nil, fmt.Errorf("events: %d %v", res.StatusCode, res.Header)
	}
	return &stream{bufio.NewReader(res.Body), res.Body}, nil
}

// next returns the data of the next "state" event; comments and other
// fields are skipped.
func (s *stream) next() (string, error) {
	var name, data string
	for {
		line, err := s.r.ReadString('\n')
		if err != nil {
			return "", err
		}
		line = strings.TrimSuffix(line, "\n")
		switch {
		case line == "":
			if name == "state" {
				return data, nil
			}
			name, data = "", ""
		case strings.HasPrefix(line, "event: "):
			name = line[len("event: "):]
		case strings.HasPrefix(line, "data: "):
			data = line[len("data: "):]
		}
	}
}

// until reads events until one contains want.
func (s *stream) until(want string) error {
	for {
		d, err := s.next()
		if err != nil {
			return fmt.Errorf("stream ended before %q: %w", want, err)
		}
		if strings.Contains(d, want) {
			return nil
		}
	}
}

func TestStreamSendsStateThenUpdates(t *testing.T) {
	p := seeded(t)
	srv := serve(t, p, "")
	s := openStream(t, testCtx(t), srv.Client(), srv.URL)
	defer s.body.Close()
	first, err := s.next()
	if err != nil || !strings.Contains(first, "Releasing the migration lock") {
		t.Fatalf("first event %q, %v", first, err)
	}
	_ = p.Send(context.Background(), noteMsg("30", "09:58", "EU error rate is back to 0.4%."))
	if err := s.until("EU error rate is back to 0.4%."); err != nil {
		t.Fatal(err)
	}
}

func TestHeartbeatKeepsIdleStreamsTalking(t *testing.T) {
	p := seeded(t)
	p.heartbeat = 20 * time.Millisecond
	srv := serve(t, p, "")
	s := openStream(t, testCtx(t), srv.Client(), srv.URL)
	defer s.body.Close()
	for {
		line, err := s.r.ReadString('\n')
		if err != nil {
			t.Fatal(err)
		}
		if line == ": heartbeat\n" {
			return
		}
	}
}

func TestHubKeepsOnlyTheNewestUnreadEvent(t *testing.T) {
	h := newHub(2)
	c, _ := h.add([]byte("0"))
	for i := 1; i <= 1000; i++ { // nobody reads: publish must still never block
		h.publish([]byte(fmt.Sprint(i)))
	}
	if got := string(<-c.events); got != "1000" {
		t.Errorf("mailbox holds %q, want the newest", got)
	}
	h.add(nil)
	if _, ok := h.add(nil); ok {
		t.Error("hub accepted a client past its cap")
	}
}

// TestSlowViewerDoesNotBlockSend opens a stream that never reads, and
// sends enough large states to fill its socket buffers many times over.
func TestSlowViewerDoesNotBlockSend(t *testing.T) {
	p := seeded(t)
	srv := serve(t, p, "")
	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "GET /events HTTP/1.1\r\nHost: x\r\n\r\n")
	poll.For(t, "the stream to register with the hub", func() bool { return p.hub.count() == 1 })

	big := strings.Repeat("x", maxText-10)
	for i := range 150 { // ~1.2 MB per state by the end, ~90 MB in all
		_ = p.Send(context.Background(), noteMsg(fmt.Sprint("big", i), "09:53", fmt.Sprint(i, big)))
	}
	_ = p.Send(context.Background(), noteMsg("last", "09:54", "the last word"))

	s := openStream(t, testCtx(t), srv.Client(), srv.URL)
	defer s.body.Close()
	if err := s.until("the last word"); err != nil {
		t.Fatal(err)
	}
}

// TestStalledViewerIsDropped: a viewer that stops reading is cut off once a
// write has waited past the stall limit, so it costs nothing afterwards.
func TestStalledViewerIsDropped(t *testing.T) {
	p := seeded(t)
	p.stall = 50 * time.Millisecond
	srv := serve(t, p, "")
	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "GET /events HTTP/1.1\r\nHost: x\r\n\r\n")
	poll.For(t, "the stream to register with the hub", func() bool { return p.hub.count() == 1 })
	big := strings.Repeat("y", maxText-10)
	for i := 0; p.hub.count() > 0; i++ {
		_ = p.Send(context.Background(), noteMsg(fmt.Sprint("s", i), "09:53", big))
		time.Sleep(5 * time.Millisecond) // let the stream's goroutine write and stall
		if i > 5000 {
			t.Fatal("the stalled viewer was never dropped")
		}
	}
}

func TestManyViewersAllReceive(t *testing.T) {
	const viewers = 500
	p := seeded(t)
	srv := serve(t, p, "")
	ctx := testCtx(t)
	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: viewers}}
	defer hc.CloseIdleConnections()

	var ready, done sync.WaitGroup
	errs := make(chan error, viewers)
	ready.Add(viewers)
	for range viewers {
		done.Go(func() {
			s, err := dialStream(ctx, hc, srv.URL)
			if err == nil {
				defer s.body.Close()
				_, err = s.next() // the state on connect
			}
			ready.Done()
			if err == nil {
				err = s.until("fan-out marker")
			}
			errs <- err
		})
	}
	ready.Wait()
	if n := p.hub.count(); n != viewers {
		t.Fatalf("%d streams registered, want %d", n, viewers)
	}
	_ = p.Send(context.Background(), noteMsg("40", "09:59", "fan-out marker"))
	done.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	poll.For(t, "every disconnected viewer to be cleaned up", func() bool { return p.hub.count() == 0 })
}

func TestCloseEndsStreams(t *testing.T) {
	p := seeded(t)
	srv := serve(t, p, "")
	s := openStream(t, testCtx(t), srv.Client(), srv.URL)
	defer s.body.Close()
	if _, err := s.next(); err != nil {
		t.Fatal(err)
	}
	p.Close()
	if _, err := s.next(); err == nil {
		t.Fatal("stream still open after Close")
	}
	res, err := srv.Client().Get(srv.URL + "/events")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("after Close: %d, want 503", res.StatusCode)
	}
}

// Command sse measures how long it takes for a new note to reach 1,000
// status pages held open over Server-Sent Events: the time from Page.Send
// until every client has read the event carrying the note. Real HTTP on
// loopback, one goroutine per client.
//
//	go run ./bench/sse -clients 1000 -n 10
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/keepcool/keepcool/bench/stats"
	"github.com/keepcool/keepcool/incident"
	"github.com/keepcool/keepcool/updates"
	"github.com/keepcool/keepcool/updates/statuspage"
)

func main() {
	clients := flag.Int("clients", 1000, "open status pages")
	n := flag.Int("n", 10, "notes to time")
	flag.Parse()
	if err := run(*clients, *n); err != nil {
		fmt.Fprintln(os.Stderr, "sse bench:", err)
		os.Exit(1)
	}
}

func run(clients, n int) error {
	page := statuspage.New("statuspage", time.Now)
	now := time.Now()
	base := updates.Message{
		IncidentID: "bench", Title: "Checkout returns 500s", Severity: 2, Status: "investigating",
		DeclaredAt: now, Estimate: incident.Estimate{MinAt: now.Add(time.Hour), MaxAt: now.Add(2 * time.Hour)},
	}
	decl := base
	decl.ID, decl.Kind, decl.At = "bench/1", updates.KindDeclared, now
	page.Send(context.Background(), decl)

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: page.Handler("")}
	go srv.Serve(ln)
	defer srv.Close()
	url := "http://" + ln.Addr().String() + "/events"

	// Each client reports every note text it sees.
	seen := make(chan string, clients*4)
	var ready sync.WaitGroup
	ready.Add(clients)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	tr := &http.Transport{MaxIdleConnsPerHost: clients, MaxConnsPerHost: 0}
	hc := &http.Client{Transport: tr}
	errs := make(chan error, clients)
	for range clients {
		go func() { errs <- listen(ctx, hc, url, &ready, seen) }()
	}
	if err := waitGroup(&ready, 30*time.Second); err != nil {
		return err
	}
	select {
	case err := <-errs:
		return fmt.Errorf("a client failed: %w", err)
	default:
	}

	var samples []time.Duration
	for i := range n {
		m := base
		m.ID, m.Kind, m.At = fmt.Sprintf("bench/%d", i+2), updates.KindNote, time.Now()
		m.Note = fmt.Sprintf("bench note %d", i)
		start := time.Now()
		page.Send(context.Background(), m)
		for got := 0; got < clients; {
			select {
			case s := <-seen:
				if strings.Contains(s, m.Note) {
					got++
				}
			case err := <-errs:
				return fmt.Errorf("a client failed: %w", err)
			case <-time.After(30 * time.Second):
				return fmt.Errorf("note %d reached %d of %d clients in 30s", i, got, clients)
			}
		}
		samples = append(samples, time.Since(start))
	}
	fmt.Printf("new note to all %d open SSE clients: %s\n", clients, stats.Of(samples))
	return nil
}

// listen reads one event stream, reporting each data event.
func listen(ctx context.Context, hc *http.Client, url string, ready *sync.WaitGroup, seen chan<- string) error {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	resp, err := hc.Do(req)
	if err != nil {
		ready.Done()
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		ready.Done()
		return errors.New(resp.Status)
	}
	r := bufio.NewReaderSize(resp.Body, 64<<10)
	first := true
	var data strings.Builder
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return err
		}
		switch {
		case strings.HasPrefix(line, "data:"):
			data.WriteString(line)
		case line == "\n" && data.Len() > 0:
			if first {
				first = false
				ready.Done()
			} else {
				seen <- data.String()
			}
			data.Reset()
		}
	}
}

func waitGroup(wg *sync.WaitGroup, timeout time.Duration) error {
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-time.After(timeout):
		return errors.New("clients did not connect in time")
	}
}

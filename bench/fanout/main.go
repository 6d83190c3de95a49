// Command fanout measures note-to-delivered latency: one note fanned out by
// the engine's outbox to 20 webhook endpoints that each take 200 ms to
// answer, side by side with sending the same message to the same endpoints
// one after another. Everything runs on loopback.
//
//	go run ./bench/fanout -endpoints 20 -delay 200ms -n 10
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"sync"
	"time"

	"github.com/keepcool/keepcool/bench/stats"
	"github.com/keepcool/keepcool/config"
	"github.com/keepcool/keepcool/engine"
	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/engine/client"
	"github.com/keepcool/keepcool/updates"
	"github.com/keepcool/keepcool/updates/webhook"
)

func main() {
	endpoints := flag.Int("endpoints", 20, "webhook endpoints")
	delay := flag.Duration("delay", 200*time.Millisecond, "each endpoint's answer time")
	n := flag.Int("n", 10, "notes per case")
	flag.Parse()
	if err := run(*endpoints, *delay, *n); err != nil {
		fmt.Fprintln(os.Stderr, "fanout bench:", err)
		os.Exit(1)
	}
}

// arrivals counts, per message id, how many endpoints have it.
type arrivals struct {
	mu   sync.Mutex
	got  map[string]int
	want int
	done map[string]chan struct{}
}

func (a *arrivals) wait(id string) <-chan struct{} {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.done[id] == nil {
		a.done[id] = make(chan struct{})
	}
	return a.done[id]
}

func (a *arrivals) arrived(id string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.got[id]++
	if a.got[id] == a.want {
		if a.done[id] == nil {
			a.done[id] = make(chan struct{})
		}
		close(a.done[id])
	}
}

func run(endpoints int, delay time.Duration, n int) error {
	arr := &arrivals{got: map[string]int{}, want: endpoints, done: map[string]chan struct{}{}}
	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 4}}
	var chans []engine.Registered
	var senders []updates.Channel
	for i := range endpoints {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			time.Sleep(delay)
			var body struct {
				Note string `json:"note"`
			}
			json.NewDecoder(r.Body).Decode(&body)
			arr.arrived(body.Note)
			w.WriteHeader(http.StatusNoContent)
		}))
		defer srv.Close()
		ch := webhook.New(fmt.Sprintf("hook%02d", i), srv.URL, "", hc)
		chans = append(chans, engine.Registered{Type: "webhook", Channel: ch})
		senders = append(senders, ch)
	}

	home, err := os.MkdirTemp("", "kc-fanout")
	if err != nil {
		return err
	}
	defer os.RemoveAll(home)
	paths, _ := config.Locate(func(k string) string {
		if k == "KEEPCOOL_HOME" {
			return home
		}
		return ""
	})
	eng, err := engine.New(engine.Options{Paths: paths, Config: config.Default(), Channels: chans})
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go eng.Run(ctx)
	c := client.New(paths.Socket)
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		if _, err := c.Status(ctx); err == nil {
			break
		} else if time.Now().After(deadline) {
			return err
		}
	}
	inc, err := c.Start(ctx, api.StartRequest{Title: "Fan-out bench", Severity: 2, ETA: "1h-2h"})
	if err != nil {
		return err
	}
	<-arr.wait("") // the declaration (it carries no note) reached every endpoint

	var outbox, serial []time.Duration
	for i := range n {
		// The outbox: from the API call until all endpoints have the note.
		start := time.Now()
		text := fmt.Sprintf("outbox note %d", i)
		if _, err := c.Note(ctx, api.NoteRequest{Text: text}); err != nil {
			return err
		}
		<-arr.wait(text)
		outbox = append(outbox, time.Since(start))

		// One after another, through the same channels.
		m := updates.Message{ID: fmt.Sprintf("serial/%d", i), Kind: updates.KindNote, IncidentID: inc.ID, Title: inc.Title, At: time.Now(), Note: fmt.Sprintf("serial note %d", i)}
		start = time.Now()
		for _, s := range senders {
			if err := s.Send(ctx, m); err != nil {
				return err
			}
		}
		<-arr.wait(m.Note)
		serial = append(serial, time.Since(start))
	}
	a, b := stats.Of(outbox), stats.Of(serial)
	fmt.Printf("note to delivered at %d endpoints (%s each), outbox:        %s\n", endpoints, delay, a)
	fmt.Printf("same message sent to them one after another:                %s\n", b)
	fmt.Printf("ratio of medians (serial / outbox): %.1fx\n", float64(b.Median)/float64(a.Median))
	return nil
}

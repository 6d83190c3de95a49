package main

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/engine/client"
)

// phrases are progress notes as an engineer writes them: plain sentences
// that pass the checks (no command, path, secret or paste).
var phrases = []string{
	"rolled back deploy %d, error rate falling in the EU region",
	"replica %d caught up, watching checkout latency",
	"payments retry queue down to %d items and still draining",
	"the vendor confirmed the outage on their side, case %d is open",
	"traffic moved to the standby cluster, %d percent of requests served",
	"cache warmed on %d nodes, response times back to normal",
}

// noteText is the i-th note: every one differs.
func noteText(i int) string {
	return fmt.Sprintf("Update %d: "+phrases[i%len(phrases)], i, (i*37)%1000)
}

// addNotes posts notes from..to-1 through the API, workers at a time. A
// note the checks hold back (422) is sent again with Force; forced counts
// them.
func addNotes(ctx context.Context, c *client.Client, from, to, workers int, forced *atomic.Int64) error {
	next := make(chan int)
	errs := make(chan error, workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := range next {
				if err := postNote(ctx, c, noteText(i), forced); err != nil {
					errs <- fmt.Errorf("note %d: %w", i, err)
					return
				}
			}
		})
	}
	var err error
feed:
	for i := from; i < to; i++ {
		select {
		case next <- i:
		case err = <-errs:
			break feed
		case <-ctx.Done():
			err = ctx.Err()
			break feed
		}
	}
	close(next)
	wg.Wait()
	close(errs)
	if err != nil {
		return err
	}
	return <-errs // nil when no worker failed
}

func postNote(ctx context.Context, c *client.Client, text string, forced *atomic.Int64) error {
	_, err := c.Note(ctx, api.NoteRequest{Text: text})
	var held *client.WarningsError
	if errors.As(err, &held) {
		forced.Add(1)
		_, err = c.Note(ctx, api.NoteRequest{Text: text, Force: true})
	}
	return err
}

// drained waits until no channel has a message pending, so what follows
// is measured on an idle engine. Code whose outbox grows with the journal
// takes minutes to drain 10,000 notes.
func drained(ctx context.Context, c *client.Client) error {
	deadline := time.Now().Add(10 * time.Minute)
	for {
		st, err := c.Status(ctx)
		if err != nil {
			return err
		}
		pending := 0
		for _, ch := range st.Channels {
			pending += ch.Pending
		}
		if pending == 0 {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%d messages still pending after 10 minutes", pending)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(250 * time.Millisecond):
		}
	}
}

// addPast declares, updates once and resolves n incidents in turn, as n
// past incidents would have been.
func addPast(ctx context.Context, c *client.Client, n int) error {
	for i := range n {
		start := api.StartRequest{
			Title: fmt.Sprintf("Past incident %d: checkout returns errors", i), Severity: 1 + i%4, ETA: "30m-1h",
			Impact: "Some customers cannot pay", Force: true,
		}
		if _, err := c.Start(ctx, start); err != nil {
			return fmt.Errorf("past incident %d: start: %w", i, err)
		}
		if _, err := c.Note(ctx, api.NoteRequest{Text: noteText(i), Force: true}); err != nil {
			return fmt.Errorf("past incident %d: note: %w", i, err)
		}
		resolve := api.ResolveRequest{Summary: "Rolled back the release; checkout works again", RootCause: "A bad release", Force: true}
		if _, err := c.Resolve(ctx, resolve); err != nil {
			return fmt.Errorf("past incident %d: resolve: %w", i, err)
		}
	}
	return nil
}

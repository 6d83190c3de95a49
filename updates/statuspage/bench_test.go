package statuspage

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// BenchmarkFanOut1000 measures one Send reaching 1,000 open streams over
// loopback HTTP: ns/op is the time until the last of them has read it.
func BenchmarkFanOut1000(b *testing.B) {
	const viewers = 1000
	p := New("statuspage", clockAt("09:55"))
	p.Seed(scenario())
	srv := serveBench(b, p)
	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: viewers}}
	defer hc.CloseIdleConnections()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	var ready sync.WaitGroup
	got := make(chan struct{}, viewers)
	ready.Add(viewers)
	for range viewers {
		go func() {
			s, err := dialStream(ctx, hc, srv)
			if err == nil {
				defer s.body.Close()
				_, err = s.next()
			}
			ready.Done()
			for err == nil {
				var d string
				if d, err = s.next(); err == nil && strings.Contains(d, "bench-note") {
					got <- struct{}{}
				}
			}
		}()
	}
	ready.Wait()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		_ = p.Send(context.Background(), noteMsg(fmt.Sprint("b", i), "09:56", fmt.Sprint("bench-note ", i)))
		for range viewers {
			<-got
		}
	}
}

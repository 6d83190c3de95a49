package statuspage

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"testing"
)

// BenchmarkFanOut1000 measures one Send reaching 1,000 open streams over
// loopback HTTP: ns/op is the time until the last of them has read it.
func BenchmarkFanOut1000(b *testing.B) {
	const viewers = 1000
	p := New("statuspage", clockAt("09:55"))
	p.Seed(scenario(), 0)
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

// BenchmarkPage, BenchmarkIncidentJSON, BenchmarkFeed and BenchmarkBanner
// measure one request to each route in-process, behind Guard as the engine
// serves it, without the network: B/op and allocs/op are the handlers' own
// cost per request while the state and the clock stand still (a burst of
// viewers between two updates). Before the cache, JSON took 90 allocs
// (14 KB), the feed 310 (35 KB), the banner 59 (4.6 KB); now each takes 5
// (80 B: the response headers).
func BenchmarkPage(b *testing.B)         { benchRoute(b, "/") }
func BenchmarkIncidentJSON(b *testing.B) { benchRoute(b, "/api/incident.json") }
func BenchmarkFeed(b *testing.B)         { benchRoute(b, "/feed.atom") }
func BenchmarkBanner(b *testing.B)       { benchRoute(b, "/banner.json") }
func BenchmarkV2Summary(b *testing.B)    { benchRoute(b, "/api/v2/summary.json") }

func benchRoute(b *testing.B, path string) {
	p := New("statuspage", clockAt("09:55"))
	p.Seed(scenario(), 0)
	h := Guard(p.Handler(""), Site{Listen: netip.MustParseAddrPort("127.0.0.1:8725")})
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.Host = "127.0.0.1:8725"
	w := &discardWriter{header: http.Header{}}
	b.ReportAllocs()
	for b.Loop() {
		clear(w.header)
		w.code = 0
		h.ServeHTTP(w, req)
		if w.code != 0 && w.code != http.StatusOK {
			b.Fatalf("%s: status %d", path, w.code)
		}
	}
}

// discardWriter is a ResponseWriter that keeps nothing but its headers,
// reused across requests so the benchmark counts the handler's allocations.
type discardWriter struct {
	header http.Header
	code   int
}

func (w *discardWriter) Header() http.Header         { return w.header }
func (w *discardWriter) WriteHeader(code int)        { w.code = code }
func (w *discardWriter) Write(b []byte) (int, error) { return len(b), nil }

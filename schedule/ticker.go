package schedule

import (
	"context"
	"fmt"
	"time"

	"github.com/robfig/cron/v3"
)

// Ticker calls fn on a fixed wall-clock interval (robfig/cron) until ctx
// ends. Timers in Go run on the monotonic clock, which stops while a laptop
// sleeps; a cron tick that re-reads the wall clock catches up at once after
// wake, and because Due is pure it never fires anything twice.
func Ticker(ctx context.Context, every time.Duration, fn func()) error {
	if every < time.Second {
		every = time.Second
	}
	c := cron.New()
	if _, err := c.AddFunc(fmt.Sprintf("@every %s", every), fn); err != nil {
		return fmt.Errorf("schedule tick every %s: %w", every, err)
	}
	c.Start()
	<-ctx.Done()
	<-c.Stop().Done()
	return nil
}

package engine

import (
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/keepcool/keepcool/timefmt"
)

// lineLog writes log lines from a goroutine of its own, so a stdout nobody
// reads (a full pipe) can never stall the engine while it holds its lock.
// When the buffer is full, lines are dropped and counted.
//
// A person reads it (keepcool daemon's output), so its times read as the
// config says: each line starts with the time of day in the configured
// zone and clock, and a line of its own names the day and the zone before
// the first line, and again when either changes (midnight, DST, a reload).
type lineLog struct {
	mu      sync.Mutex
	lines   chan string
	closed  bool
	dropped int
	done    chan struct{}
	style   timefmt.Style
	day     string // the day-and-zone line last written
}

func newLineLog(w io.Writer) *lineLog {
	l := &lineLog{lines: make(chan string, 1024), done: make(chan struct{})}
	go func() {
		defer close(l.done)
		for s := range l.lines {
			io.WriteString(w, s)
		}
	}()
	return l
}

// setStyle makes the lines from now on read as ts says.
func (l *lineLog) setStyle(ts timefmt.Style) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.style = ts
}

// printAt logs msg as said at now: "09:30:05 msg", after "-- Mon 30 Nov
// 2026, times in CET --" when that is news.
func (l *lineLog) printAt(now time.Time, msg string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if day := dayLine(l.style, now); day != l.day {
		l.day = day
		l.printLocked(day)
	}
	l.printLocked(l.style.ClockSeconds(now) + " " + msg + "\n")
}

// dayLine names now's day and zone in ts: "-- Mon 30 Nov 2026, times in CET --".
func dayLine(ts timefmt.Style, now time.Time) string {
	return "-- " + ts.Date(now) + ", times in " + ts.ZoneName(now) + " --\n"
}

func (l *lineLog) printLocked(s string) {
	if l.closed {
		return
	}
	if l.dropped > 0 {
		select {
		case l.lines <- fmt.Sprintf("(%d log lines dropped: the log output is not being read)\n", l.dropped):
			l.dropped = 0
		default:
		}
	}
	select {
	case l.lines <- s:
	default:
		l.dropped++
	}
}

// close flushes what is buffered and stops the writer.
func (l *lineLog) close() {
	l.mu.Lock()
	if !l.closed {
		l.closed = true
		close(l.lines)
	}
	l.mu.Unlock()
	<-l.done
}

package engine

import (
	"fmt"
	"io"
	"sync"
)

// lineLog writes log lines from a goroutine of its own, so a stdout nobody
// reads (a full pipe) can never stall the engine while it holds its lock.
// When the buffer is full, lines are dropped and counted.
type lineLog struct {
	mu      sync.Mutex
	lines   chan string
	closed  bool
	dropped int
	done    chan struct{}
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

func (l *lineLog) print(s string) {
	l.mu.Lock()
	defer l.mu.Unlock()
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

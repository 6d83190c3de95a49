package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
)

// watched is one app's idle cost, read from /proc.
type watched struct {
	name       string
	pid        int
	ticks0     int
	rss        []int // kB
	ticks, hwm int
	cpuPercent float64
}

func (w *watched) begin() { w.ticks0, _ = cpuTicks(w.pid); w.sample() }

func (w *watched) sample() {
	if kb, err := statusField(w.pid, "VmRSS:"); err == nil {
		w.rss = append(w.rss, kb)
	}
}

func (w *watched) finish(over time.Duration) {
	t, _ := cpuTicks(w.pid)
	w.ticks = t - w.ticks0
	w.hwm, _ = statusField(w.pid, "VmHWM:")
	w.cpuPercent = float64(w.ticks) / 100 / over.Seconds() * 100
}

func (w *watched) String() string {
	s := slices.Clone(w.rss)
	slices.Sort(s)
	return fmt.Sprintf("  %-30s RSS median %.1f MB (min %.1f, max %.1f, peak since start %.1f; %d samples)  CPU %d ticks = %.2f %%",
		w.name, mb(s[len(s)/2]), mb(s[0]), mb(s[len(s)-1]), mb(w.hwm), len(s), w.ticks, w.cpuPercent)
}

func mb(kb int) float64 { return float64(kb) / 1024 }

// cpuTicks is user+system time in clock ticks (100 a second): fields 14
// and 15 of /proc/PID/stat.
func cpuTicks(pid int) (int, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:])) // from field 3
	u, _ := strconv.Atoi(f[14-3])
	s, _ := strconv.Atoi(f[15-3])
	return u + s, nil
}

// statusField is a kB field of /proc/PID/status, such as "VmRSS:".
func statusField(pid int, key string) (int, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), key); ok {
			return strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
		}
	}
	return 0, fmt.Errorf("no %s in /proc/%d/status", key, pid)
}

package main

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// The rows of the tables.
const (
	rowCold = iota
	rowNote
	rowNoteRef // note beside the reference incident: value ours, other theirs
	rowStatus
	rowStatusSize
	rowRSS
	rowPastCold
	rowHistory
	rowPastRSS
	rows
)

// cell is one figure and the load average when its measurement began.
type cell struct {
	set   bool
	n     int     // samples behind a cold-start median
	value float64 // ms, MB, or keepcool's req/s
	other float64 // nginx's req/s, or the reference incident's ms
	text  string
	load  float64
}

// report collects the figures of one run.
type report struct {
	label, command     string
	sizes              []int
	runs, starts, past int
	cells              [rows][]cell
	page               map[string][]cell
	pageBytes          [][]string // at each size, each page path's answer's size
	capped             []bool     // status --json listed fewer notes than notes_total counted
	posted             []string
	forced, delivered  int64
	pastTook, took     time.Duration
	loadBefore         float64
}

func newReport(o options) *report {
	r := &report{
		label: o.label, command: o.command, sizes: o.sizes, runs: o.runs, starts: o.starts, past: o.past,
		page: map[string][]cell{}, pageBytes: make([][]string, len(o.sizes)), capped: make([]bool, len(o.sizes)),
	}
	for i := range r.cells {
		r.cells[i] = make([]cell, len(o.sizes))
	}
	for _, p := range pagePaths {
		r.page[p.path] = make([]cell, len(o.sizes))
	}
	return r
}

func (r *report) set(row, i int, v, load float64) {
	r.cells[row][i] = cell{set: true, value: v, load: load}
}

func (r *report) setText(row, i int, text string, load float64) {
	r.cells[row][i] = cell{set: true, text: text, load: load}
}

func (r *report) setPage(path string, i int, ours, nginx, load float64) {
	r.page[path][i] = cell{set: true, value: ours, other: nginx, load: load}
}

func (r *report) print(w io.Writer) {
	fmt.Fprintf(w, "### %s\n\n`%s`\n\n", r.label, r.command)
	fmt.Fprintf(w, "Notes posted through the API before each column: %s; each `note` run adds one more.\n", strings.Join(r.posted, ", "))
	fmt.Fprintf(w, "Load average (1 min) at the start: %.2f; whole run %s; %d webhook posts answered; %d notes sent with force after a warning.\n\n",
		r.loadBefore, r.took.Round(time.Second), r.delivered, r.forced)
	fmt.Fprint(w, "| |")
	for _, n := range r.sizes {
		fmt.Fprintf(w, " %s notes |", thousands(float64(n)))
	}
	fmt.Fprintln(w, " goal | met at the last size? |")
	fmt.Fprintln(w, "|---"+strings.Repeat("|---", len(r.sizes))+"|---|---|")
	last := len(r.sizes) - 1
	ref := r.cells[rowNoteRef]
	side := ref[last].value / ref[last].other
	r.line(w, fmt.Sprintf("engine cold start to ready (median of %d)", r.starts), r.cells[rowCold], "ms", "≤ 50 ms", r.cells[rowCold][last].value <= 50)
	r.line(w, fmt.Sprintf("`keepcool note`, whole process (median of %d)", r.runs), r.cells[rowNote], "ms", "", true)
	r.line(w, fmt.Sprintf("… against a %s-note incident, runs alternating", thousands(float64(r.sizes[0]))), ref, "vs",
		"≤ 1.2× the small incident's", side <= 1.2, fmt.Sprintf("%.2f×", side))
	r.line(w, fmt.Sprintf("`keepcool status --json`, whole process (median of %d)", r.runs), r.cells[rowStatus], "ms",
		"≤ 30 ms, notes capped", r.cells[rowStatus][last].value <= 30 && r.capped[last])
	r.line(w, "… what it printed", r.cells[rowStatusSize], "", "", true)
	r.line(w, "daemon RSS (VmRSS, after a settle)", r.cells[rowRSS], "MB", "≤ 30 MB", r.cells[rowRSS][last].value <= 30)
	for _, p := range pagePaths {
		c := r.page[p.path]
		if !c[last].set {
			continue
		}
		ratio := c[last].value / c[last].other
		r.line(w, fmt.Sprintf("`%s` req/s, keepcool vs nginx (median of rounds)", p.path), c, "rps", "≥ 0.5× nginx", ratio >= 0.5)
	}
	if len(r.pageBytes[last]) > 0 {
		fmt.Fprint(w, "| … the answers' sizes (each path above, in order) |")
		for _, b := range r.pageBytes {
			fmt.Fprintf(w, " %s |", strings.Join(b, ", "))
		}
		fmt.Fprintln(w, " | |")
	}
	if r.past > 0 {
		r.printPast(w)
	}
}

func (r *report) printPast(w io.Writer) {
	fmt.Fprintf(w, "\n| %s past incidents, none active (declared, noted once, resolved through the API in %s) | | goal | met? |\n|---|---|---|---|\n",
		thousands(float64(r.past)), r.pastTook.Round(100*time.Millisecond))
	row := func(name string, c cell, unit, goal string, met string) {
		fmt.Fprintf(w, "| %s | %s | %s | %s |\n", name, format(c, unit), goal, met)
	}
	h := r.cells[rowHistory][0]
	met := "not measured"
	if h.set {
		met = yesNo(h.value <= 30)
	}
	row(fmt.Sprintf("`keepcool history`, whole process (median of %d)", r.runs), h, "ms", "≤ 30 ms", met)
	row(fmt.Sprintf("engine cold start to ready (median of %d)", r.starts), r.cells[rowPastCold][0], "ms", "", "")
	row("daemon RSS (VmRSS, after a settle)", r.cells[rowPastRSS][0], "MB", "", "")
}

// line prints one row; extra is said beside the verdict.
func (r *report) line(w io.Writer, name string, cells []cell, unit, goal string, met bool, extra ...string) {
	fmt.Fprintf(w, "| %s |", name)
	for _, c := range cells {
		fmt.Fprintf(w, " %s |", format(c, unit))
	}
	verdict := ""
	switch {
	case goal == "":
	case !cells[len(cells)-1].set:
		verdict = "not measured"
	default:
		verdict = strings.Join(append([]string{yesNo(met)}, extra...), ", ")
	}
	fmt.Fprintf(w, " %s | %s |\n", goal, verdict)
}

func format(c cell, unit string) string {
	if !c.set {
		return "—"
	}
	load := fmt.Sprintf(" (load %.2f)", c.load)
	if c.n > 0 {
		load = fmt.Sprintf(" (n=%d, load %.2f)", c.n, c.load)
	}
	switch unit {
	case "":
		return c.text + load
	case "vs":
		return fmt.Sprintf("%.1f vs %.1f ms = **%.2f×**%s", c.value, c.other, c.value/c.other, load)
	case "rps":
		return fmt.Sprintf("%s vs %s = **%.2f×**%s", thousands(c.value), thousands(c.other), c.value/c.other, load)
	case "ms":
		if c.value < 10 {
			return fmt.Sprintf("**%.1f ms**%s", c.value, load)
		}
		return fmt.Sprintf("**%s ms**%s", thousands(c.value), load)
	}
	return fmt.Sprintf("**%.1f %s**%s", c.value, unit, load)
}

func yesNo(met bool) string {
	if met {
		return "yes"
	}
	return "no"
}

// thousands rounds v and writes it with thousands separators: 10,000.
func thousands(v float64) string {
	s := fmt.Sprintf("%d", int64(v+0.5))
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

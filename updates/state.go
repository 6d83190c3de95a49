package updates

import (
	"regexp"
	"strings"
)

// StateMisconfigured is a channel that cannot send as configured: a
// secret it needs (env:NAME unset, a keyring entry missing) could not be
// read. It is shown before any try, so `status` never says "ok" for a
// channel that cannot work.
const StateMisconfigured = "misconfigured"

// Misconfigured is a channel that knows it cannot send as configured;
// Misconfiguration says why and what to do. The outbox asks every
// channel for it when reporting status.
type Misconfigured interface {
	Misconfiguration() error
}

// state is the worker's state and last error. Callers hold o.mu.
func (w *worker) state() (state, lastErr string) {
	if m, ok := w.ch.(Misconfigured); ok {
		if err := m.Misconfiguration(); err != nil {
			return StateMisconfigured, Truncate(err.Error(), 300)
		}
	}
	switch {
	case w.dead:
		return StateDead, w.lastErr
	case w.attempts > 0:
		return StateRetrying, w.lastErr
	}
	return StateOK, w.lastErr
}

var (
	// "answered 404 Not Found" (CheckResponse), or "HTTP 403 Forbidden:"
	// before a remedy (API.remedy), which LastError keeps when it cuts the
	// answer after it.
	httpStatus = regexp.MustCompile(`(?:answered|HTTP) (\d{3}( [A-Za-z][A-Za-z -]*[A-Za-z])?)`)
	smtpCode   = regexp.MustCompile(`\b([45]\d\d)[ -]`)
)

// Reason says in a few words why a channel is not delivering, from its
// last error (which may come from a journal written by an older keepcool):
// "connection refused", "HTTP 404 Not Found", "timed out". "" for "".
func Reason(state, lastErr string) string {
	if state == StateMisconfigured {
		return "misconfigured"
	}
	e := strings.ToLower(lastErr)
	switch {
	case state == StateOK || lastErr == "":
		return ""
	case strings.Contains(e, "connection refused"):
		return "connection refused"
	case strings.Contains(e, "no such host"):
		return "host not found"
	case strings.Contains(e, "network is unreachable") || strings.Contains(e, "no route to host"):
		return "network unreachable"
	case strings.Contains(e, "connection reset"):
		return "connection reset"
	case strings.Contains(e, "timeout") || strings.Contains(e, "deadline exceeded") || strings.Contains(e, "timed out"):
		return "timed out"
	case strings.Contains(e, "certificate") || strings.Contains(e, "tls:") || strings.Contains(e, "x509"):
		return "TLS error"
	}
	if m := httpStatus.FindStringSubmatch(lastErr); m != nil {
		return "HTTP " + m[1]
	}
	if m := smtpCode.FindStringSubmatch(lastErr); m != nil && strings.Contains(e, "smtp") {
		return "SMTP " + m[1]
	}
	// The innermost cause is last in Go's wrapped errors.
	r := lastErr
	if i := strings.LastIndex(r, ": "); i >= 0 && i+2 < len(r) {
		r = r[i+2:]
	}
	return Truncate(r, 60)
}

// Answer is a refusal as the provider worded it, short enough for a line:
// "HTTP 400 Bad Request: invalid_payload", "SMTP 552 …". "" for "".
func Answer(err string) string {
	if i := strings.Index(err, "answered "); i >= 0 {
		return Truncate("HTTP "+err[i+len("answered "):], 100)
	}
	if m := smtpCode.FindStringSubmatchIndex(err); m != nil && strings.Contains(strings.ToLower(err), "smtp") {
		return Truncate("SMTP "+err[m[2]:], 100)
	}
	return Reason(StateDead, err)
}

package updates

import (
	"errors"
	"fmt"
	"net/textproto"
	"regexp"
	"strconv"
	"time"
)

// PermanentError means retrying the same request cannot succeed: a 4xx
// answer other than 408 and 429, a malformed configuration. It comes in two
// kinds, which the outbox treats differently:
//   - the channel is gone (401, 403, 404, 410, a bad URL, a refused login,
//     any permanent error not known to be about one message): the outbox
//     marks the channel dead; its messages stay queued until `channels
//     test` proves it fixed.
//   - this message is refused (Message set: HTTP 400, 409, 413, 422, SMTP
//     552): the channel works, the provider will not take this one. The
//     outbox records it as undelivered to that channel, with the answer,
//     and goes on with the next message. Three of these in a row mark the
//     channel dead, unless Incident is set (see Unaddressed).
type PermanentError struct {
	Err     error
	Message bool // the provider refused this message, not the channel
	// Incident: the message could not go because of its incident (it names
	// no remote incident, or one the provider does not know), which says
	// nothing about the channel. Implies Message.
	Incident bool
}

func (e *PermanentError) Error() string { return e.Err.Error() }
func (e *PermanentError) Unwrap() error { return e.Err }

// Permanent wraps err as a PermanentError. An HTTP answer that refuses the
// message rather than the channel (see PermanentError), as CheckResponse
// words it, or an SMTP 552 reply, makes it message-level.
func Permanent(err error) error {
	return &PermanentError{Err: err, Message: refusesMessage(err)}
}

// Rejected wraps err as a message-level PermanentError: the provider
// refused this message; later ones may go.
func Rejected(err error) error { return &PermanentError{Err: err, Message: true} }

// Unaddressed wraps err as a message-level PermanentError caused by the
// message's incident, not by the channel: the incident names no remote
// incident, or one the provider does not know. The outbox records the
// message as undelivered with err, like Rejected, but it does not count
// toward the refusals in a row that mark a channel dead: the next incident
// may name a good one.
func Unaddressed(err error) error { return &PermanentError{Err: err, Message: true, Incident: true} }

// IsUnaddressed reports whether err is an Unaddressed refusal.
func IsUnaddressed(err error) bool {
	var p *PermanentError
	return errors.As(err, &p) && p.Incident
}

// DegradedError means the message was delivered, but something the
// channel does beside it failed: a Slack app posted the update in the
// incident's thread and could not edit the root message to show it. The
// outbox counts the message delivered (it is not sent again) and shows
// Err beside state ok as the channel's LastError, until the next clean
// delivery. It deliberately does not unwrap, so that the refusal inside
// (a *PermanentError) is never taken for the message's.
type DegradedError struct{ Err error }

func (e *DegradedError) Error() string { return e.Err.Error() }

// Degraded wraps err, what went wrong beside a delivered message, as a
// DegradedError.
func Degraded(err error) error { return &DegradedError{Err: err} }

// IsDegraded reports whether err is a DegradedError: the message arrived.
func IsDegraded(err error) bool {
	var d *DegradedError
	return errors.As(err, &d)
}

// RemedyError is an answer refusing the channel together with what to do
// about it, a type's Remedies (see API.remedy): "HTTP 401 Unauthorized:
// <remedy>, then keepcool channels test NAME; <answer>". It already says
// to run channels test, so whoever shows it (the engine's failed test)
// adds no advice of its own.
type RemedyError struct {
	Status  string // the answer's status line, "401 Unauthorized"
	Remedy  string // what to fix, in the type's words
	Channel string // the channel's name
	Err     error  // the answer
}

func (e *RemedyError) Error() string {
	return fmt.Sprintf("HTTP %s: %s, then keepcool channels test %s; %v", e.Status, e.Remedy, e.Channel, e.Err)
}
func (e *RemedyError) Unwrap() error { return e.Err }

// AnswerCode is the HTTP status of an error made by CheckResponse, 0 if err
// is not one.
func AnswerCode(err error) int {
	if err == nil {
		return 0
	}
	var tp *textproto.Error
	if errors.As(err, &tp) {
		return 0
	}
	m := answered.FindStringSubmatch(err.Error())
	if m == nil {
		return 0
	}
	code, _ := strconv.Atoi(m[1])
	return code
}

// RetryAfterError means the server asked to be left alone for After (429 or
// 503 with Retry-After).
type RetryAfterError struct {
	After time.Duration
	Err   error
}

func (e *RetryAfterError) Error() string {
	return fmt.Sprintf("%v (asked to retry after %s)", e.Err, e.After)
}
func (e *RetryAfterError) Unwrap() error { return e.Err }

// IsPermanent reports whether err is a PermanentError, of either kind.
func IsPermanent(err error) bool {
	var p *PermanentError
	return errors.As(err, &p)
}

// IsRejected reports whether err is a message-level PermanentError: the
// provider refused this one message.
func IsRejected(err error) bool {
	var p *PermanentError
	return errors.As(err, &p) && p.Message
}

// RetryAfter returns the wait a server asked for, if any.
func RetryAfter(err error) (time.Duration, bool) {
	var r *RetryAfterError
	if errors.As(err, &r) {
		return r.After, true
	}
	return 0, false
}

// messageCodes are the answers that refuse one message, not the channel:
// its content is malformed (400), conflicts (409), is too large (413, SMTP
// 552) or cannot be processed (422). 401, 403, 404 and 410 say the
// webhook or its credentials are gone; any other code is taken as that too,
// which keeps the messages queued until the user looks.
var messageCodes = map[int]bool{400: true, 409: true, 413: true, 422: true}

// answered finds CheckResponse's "<where> answered 400 Bad Request: …".
// Where is a redacted URL, so the first match is the status line.
var answered = regexp.MustCompile(`answered (\d{3})\b`)

// refusesMessage reports whether err is an answer refusing one message.
// HTTP status codes are read from CheckResponse's wording (it has no typed
// error); SMTP codes from the reply.
func refusesMessage(err error) bool {
	if err == nil {
		return false
	}
	var tp *textproto.Error
	if errors.As(err, &tp) {
		return tp.Code == 552
	}
	var coded interface{ ErrorCode() int } // go-mail's SendError
	if errors.As(err, &coded) {
		return coded.ErrorCode() == 552
	}
	return messageCodes[AnswerCode(err)]
}

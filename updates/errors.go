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
//     and goes on with the next message.
type PermanentError struct {
	Err     error
	Message bool // the provider refused this message, not the channel
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
	if m := answered.FindStringSubmatch(err.Error()); m != nil {
		code, _ := strconv.Atoi(m[1])
		return messageCodes[code]
	}
	return false
}

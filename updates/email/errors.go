package email

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net/textproto"
	"strings"

	gomail "github.com/wneessen/go-mail"

	"github.com/keepcool/keepcool/updates"
)

// sendError carries a message we wrote (password removed) while keeping
// the original chain for errors.Is / errors.As.
type sendError struct {
	msg string
	err error
}

func (e *sendError) Error() string { return e.msg }
func (e *sendError) Unwrap() error { return e.err }

// classify turns what go-mail returned into the outbox's vocabulary: a
// *updates.PermanentError when retrying the same send cannot help (a 5xx
// answer, a refused login, a TLS or auth setup the server cannot meet), a
// plain retryable error otherwise (4xx, network, timeout, cancellation).
func (c *Channel) classify(ctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	where := fmt.Sprintf("email channel %q via %s:%d", c.cfg.Name, c.host, c.port)
	if ctx.Err() != nil { // our socket was closed under go-mail: say why
		return c.wrap(fmt.Sprintf("%s: %v (%v)", where, ctx.Err(), err), errors.Join(ctx.Err(), err))
	}
	hint, permanent := diagnose(err, c.cfg)
	msg := fmt.Sprintf("%s: %v", where, err)
	if hint != "" {
		msg += "; " + hint
	}
	e := c.wrap(msg, err)
	if permanent {
		return updates.Permanent(e)
	}
	return e
}

// wrap removes the password from msg. go-mail does not put it in errors;
// this makes sure no future version or server echo can.
func (c *Channel) wrap(msg string, err error) error {
	if p := c.cfg.Password; len(p) >= 4 {
		msg = strings.ReplaceAll(msg, p, "[password]")
	}
	return &sendError{msg: msg, err: err}
}

// diagnose says what to do about err and whether only a change of config
// or server can fix it.
func diagnose(err error, cfg Config) (hint string, permanent bool) {
	var tp *textproto.Error
	var se *gomail.SendError
	var cv *tls.CertificateVerificationError
	var rh tls.RecordHeaderError
	var ua x509.UnknownAuthorityError
	var he x509.HostnameError
	var ci x509.CertificateInvalidError
	text := err.Error()
	switch {
	case errors.As(err, &cv), errors.As(err, &ua), errors.As(err, &he), errors.As(err, &ci):
		return "the relay's TLS certificate is not trusted for this host; fix the certificate or the smtp host name", true
	case errors.As(err, &rh):
		return `the relay does not speak TLS on this port; use tls = "starttls" (port 587) or the relay's TLS port (465)`, true
	case strings.Contains(text, "does not support STARTTLS"):
		return `the relay does not offer STARTTLS; use tls = "tls" with its TLS port (465), or tls = "none" for a local relay`, true
	case errors.Is(err, gomail.ErrNoSupportedAuthDiscovered), strings.Contains(text, "does not support SMTP AUTH"):
		return "the relay offers no login method keepcool can use; remove username and password if it needs no login", true
	case errors.As(err, &tp):
		return smtpHint(tp.Code, text, cfg), tp.Code >= 500
	case errors.As(err, &se):
		if se.Reason == gomail.ErrGetSender || se.Reason == gomail.ErrGetRcpts {
			return "check from and to", true
		}
		return smtpHint(se.ErrorCode(), text, cfg), se.ErrorCode() >= 500
	}
	return "", false // network trouble: worth another try
}

// smtpHint explains the SMTP reply codes people meet when setting up a relay.
func smtpHint(code int, text string, cfg Config) string {
	switch {
	case code == 535 || code == 534:
		return fmt.Sprintf("the relay refused the login for user %q: check username and password", cfg.Username)
	case code == 530 && strings.Contains(strings.ToUpper(text), "STARTTLS"):
		return `the relay requires STARTTLS: use tls = "starttls"`
	case code == 530 && cfg.Username == "":
		return "the relay requires a login: set username and password"
	case code == 538:
		return `the relay requires encryption before login: use tls = "starttls" or "tls"`
	case code == 454:
		return "the relay could not check the login just now"
	case code == 550 || code == 553 || code == 551:
		return "the relay refused an address: check from and to (and that the relay lets this login send as from)"
	case code == 552:
		return "the relay refused the message size"
	}
	return ""
}

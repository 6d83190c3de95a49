// Package email sends stakeholder updates as email through an SMTP relay
// (wneessen/go-mail): one multipart text+HTML message to all recipients,
// threaded per incident with Message-ID / In-Reply-To / References.
package email

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/url"
	"strconv"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"

	"github.com/keepcool/keepcool/updates"
)

// TLS modes, as written in the config.
const (
	TLSStartTLS = "starttls" // plain connect, then STARTTLS; refuses servers without it
	TLSImplicit = "tls"      // TLS from the first byte (smtps://, port 465)
	TLSNone     = "none"     // no encryption: local relays only
)

const defaultTimeout = 30 * time.Second

// Config is one email channel. Secrets are already resolved.
type Config struct {
	Name     string
	SMTP     string // smtp://host:port, smtps://host:port or host:port
	TLS      string // starttls (default) | tls (default for smtps://) | none
	Username string // empty: no SMTP AUTH
	Password string
	From     string
	To       []string
	Timeout  time.Duration  // per Send, connect to QUIT; 0 means 30 s
	RootCAs  *x509.CertPool // trusted CAs for the relay's certificate; nil means the system's
}

// Channel sends updates by email. It keeps no connection between sends:
// updates come minutes apart, and a fresh connection per Send means one
// stuck or cancelled send cannot poison the next.
type Channel struct {
	cfg  Config
	host string
	port int
	from *mail.Address
	to   []*mail.Address
}

// New checks cfg and returns the channel. Its errors name the field at
// fault and never contain the password.
func New(cfg Config) (*Channel, error) {
	c := &Channel{cfg: cfg}
	scheme, host, port, err := splitSMTP(cfg.SMTP)
	if err != nil {
		return nil, fmt.Errorf("email channel %q: %w", cfg.Name, err)
	}
	c.host, c.port = host, port
	if c.cfg.TLS, err = tlsMode(cfg.TLS, scheme); err != nil {
		return nil, fmt.Errorf("email channel %q: %w", cfg.Name, err)
	}
	if c.from, err = mail.ParseAddress(cfg.From); err != nil {
		return nil, fmt.Errorf("email channel %q: from %q is not an email address: %v", cfg.Name, cfg.From, err)
	}
	if len(cfg.To) == 0 {
		return nil, fmt.Errorf("email channel %q: to is empty; list at least one address", cfg.Name)
	}
	for _, s := range cfg.To {
		a, err := mail.ParseAddress(s)
		if err != nil {
			return nil, fmt.Errorf("email channel %q: to %q is not an email address: %v", cfg.Name, s, err)
		}
		c.to = append(c.to, a)
	}
	if c.cfg.Timeout <= 0 {
		c.cfg.Timeout = defaultTimeout
	}
	return c, nil
}

// Name is the channel's name from the config.
func (c *Channel) Name() string { return c.cfg.Name }

// Send delivers m in one SMTP session: connect, (STARTTLS), (AUTH), one
// MAIL FROM, a RCPT TO per recipient, DATA, QUIT. It returns a
// *updates.PermanentError when only a config or server-side change can help.
func (c *Channel) Send(ctx context.Context, m updates.Message) error {
	msg, err := c.compose(m)
	if err != nil {
		return updates.Permanent(fmt.Errorf("email channel %q: %w", c.cfg.Name, err))
	}
	ctx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	var socks sockets
	defer socks.closeAll()
	client, err := c.client(ctx, &socks)
	if err != nil {
		return updates.Permanent(fmt.Errorf("email channel %q: %w", c.cfg.Name, err))
	}
	err = client.DialAndSendWithContext(ctx, msg)
	if err != nil && msg.IsDelivered() {
		return nil // the server took it; only QUIT failed
	}
	return c.classify(ctx, err)
}

// client builds a go-mail client for one send. The dialer is ours so that
// cancelling ctx closes the socket: go-mail only watches ctx while dialling.
func (c *Channel) client(ctx context.Context, socks *sockets) (*gomail.Client, error) {
	tc := &tls.Config{ServerName: c.host, MinVersion: tls.VersionTLS12, RootCAs: c.cfg.RootCAs}
	policy := gomail.NoTLS // tls: our dialer already did it; none: plain by choice
	if c.cfg.TLS == TLSStartTLS {
		policy = gomail.TLSMandatory // never fall back to plain text
	}
	opts := []gomail.Option{
		gomail.WithPort(c.port),
		gomail.WithTimeout(c.cfg.Timeout),
		gomail.WithTLSConfig(tc),
		gomail.WithTLSPolicy(policy),
		gomail.WithDialContextFunc(c.dialer(ctx, tc, socks)),
	}
	if c.cfg.Username != "" {
		opts = append(opts,
			gomail.WithUsername(c.cfg.Username),
			gomail.WithPassword(c.cfg.Password),
			gomail.WithOpportunisticSMTPAuth(c.authMechs()...))
	}
	return gomail.NewClient(c.host, opts...)
}

// authMechs lists the SASL mechanisms to try, best first. The *-NOENC
// variants only skip go-mail's own "is this TLS?" check, which cannot see
// our implicit-TLS dialer; starttls and tls are encrypted by construction,
// and with none the config already warned about a non-local relay.
// CRAM-MD5 only helps on a plain connection, where it keeps the password
// off the wire.
func (c *Channel) authMechs() []gomail.SMTPAuthType {
	mechs := []gomail.SMTPAuthType{gomail.SMTPAuthSCRAMSHA256, gomail.SMTPAuthSCRAMSHA1}
	if c.cfg.TLS == TLSNone {
		mechs = append(mechs, gomail.SMTPAuthCramMD5)
	}
	return append(mechs, gomail.SMTPAuthPlainNoEnc, gomail.SMTPAuthLoginNoEnc)
}

// dialer connects (and for implicit TLS, handshakes), handing the socket
// to socks so that it closes when ctx ends or the send returns.
func (c *Channel) dialer(ctx context.Context, tc *tls.Config, socks *sockets) gomail.DialContextFunc {
	return func(dctx context.Context, network, addr string) (net.Conn, error) {
		var d net.Dialer
		raw, err := d.DialContext(dctx, network, addr)
		if err != nil {
			return nil, err
		}
		socks.add(ctx, raw)
		if c.cfg.TLS != TLSImplicit {
			return raw, nil
		}
		conn := tls.Client(raw, tc)
		if err := conn.HandshakeContext(dctx); err != nil {
			_ = raw.Close()
			return nil, err
		}
		return conn, nil
	}
}

// sockets are the connections one send opened. Each closes when ctx ends,
// which aborts whatever SMTP step is running (go-mail only watches ctx
// while dialling), and again when the send returns, because go-mail leaves
// the socket open when EHLO or STARTTLS fails. go-mail dials on the
// sending goroutine, so no lock is needed.
type sockets struct {
	conns []net.Conn
	stops []func() bool
}

func (s *sockets) add(ctx context.Context, conn net.Conn) {
	s.conns = append(s.conns, conn)
	s.stops = append(s.stops, context.AfterFunc(ctx, func() { _ = conn.Close() }))
}

func (s *sockets) closeAll() {
	for i, conn := range s.conns {
		s.stops[i]()
		_ = conn.Close()
	}
}

// splitSMTP reads "smtp://host:port", "smtps://host:port" or "host:port".
// It never echoes the value: smtp://user:password@host would leak.
func splitSMTP(s string) (scheme, host string, port int, err error) {
	const want = "smtp must be smtp://host:port, smtps://host:port or host:port, without user:password"
	hostport := s
	if strings.Contains(s, "://") {
		u, perr := url.Parse(s)
		if perr != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.User != nil ||
			(u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
			return "", "", 0, errors.New(want)
		}
		scheme, hostport = u.Scheme, u.Host
	}
	h, p, serr := net.SplitHostPort(hostport)
	port, perr := strconv.Atoi(p)
	if serr != nil || h == "" || perr != nil || port < 1 || port > 65535 {
		return "", "", 0, errors.New(want)
	}
	return scheme, h, port, nil
}

// tlsMode applies the defaults: starttls, or tls for smtps://.
func tlsMode(mode, scheme string) (string, error) {
	switch {
	case mode == "" && scheme == "smtps":
		return TLSImplicit, nil
	case mode == "":
		return TLSStartTLS, nil
	case scheme == "smtps" && mode != TLSImplicit:
		return "", fmt.Errorf("tls = %q contradicts smtps://, which is TLS from the start; set tls = \"tls\" or use smtp://", mode)
	case mode == TLSStartTLS || mode == TLSImplicit || mode == TLSNone:
		return mode, nil
	}
	return "", fmt.Errorf("tls = %q is not a TLS mode; use \"starttls\", \"tls\" or \"none\"", mode)
}

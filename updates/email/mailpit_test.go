package email

import (
	"testing"

	"github.com/keepcool/keepcool/internal/mailpittest"
)

// mailpit is a real SMTP server with an HTTP API, started per test on
// free loopback ports with its database in t.TempDir().
type mailpit = mailpittest.Server

func startMailpit(t *testing.T, extra ...string) *mailpit { return mailpittest.Start(t, extra...) }

func freeAddr(t *testing.T) string { return mailpittest.FreeAddr(t) }

// header reads a header from mailpit's map, whatever its capitalisation.
func header(h map[string][]string, name string) string { return mailpittest.Header(h, name) }

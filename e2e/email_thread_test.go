package e2e

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/keepcool/keepcool/internal/mailpittest"
	"github.com/keepcool/keepcool/internal/poll"
)

// An incident mailed through a real SMTP server (mailpit) reads as one
// thread in every client: each message carries the incident's References,
// Thread-Topic and a Thread-Index that starts with the declaration's 22
// bytes; the all-clear's subject says "Resolved:"; each message's preview
// says what kind of update it is; and a restart of the engine changes none
// of the threading headers of what it sends next.
func TestEmailThreadThroughSMTP(t *testing.T) {
	mp := mailpittest.Start(t)
	h := newHome(t, fmt.Sprintf("[statuspage]\nlisten = \"off\"\n\n[[channel]]\nname = \"leadership\"\ntype = \"email\"\n"+
		"smtp = \"smtp://%s\"\ntls = \"none\"\nfrom = \"keepcool <keepcool@example.com>\"\nto = [\"boss@example.com\"]\n", mp.SMTP))
	d := h.startDaemon()
	h.must("start", "Checkout returns 500s", "--eta", "30m-1h")
	h.must("note", "Rolled back; a && b ran clean")
	poll.ForWithin(t, 15*time.Second, "two messages in mailpit", func() bool { return len(mp.Messages(t)) == 2 })
	d.stop(t)
	d = h.startDaemon()
	defer d.stop(t)
	h.must("eta", "10m-20m")
	h.must("resolve", "Checkout works again")
	poll.ForWithin(t, 15*time.Second, "four messages in mailpit", func() bool { return len(mp.Messages(t)) == 4 })

	list := mp.Messages(t) // newest first
	var root []byte
	for i := len(list) - 1; i >= 0; i-- {
		msg, hdr := mp.ByMessageID(t, list[i].MessageID)
		first, _, _ := strings.Cut(strings.ReplaceAll(msg.Text, "\r\n", "\n"), "\n")
		if topic := mailpittest.Header(hdr, "Thread-Topic"); topic != "[SEV2] Checkout returns 500s" {
			t.Errorf("%s: Thread-Topic %q", first, topic)
		}
		idx, err := base64.StdEncoding.DecodeString(mailpittest.Header(hdr, "Thread-Index"))
		if err != nil || len(idx) < 22 {
			t.Fatalf("%s: Thread-Index %q: %v", first, mailpittest.Header(hdr, "Thread-Index"), err)
		}
		refs := mailpittest.Header(hdr, "References")
		if i == len(list)-1 {
			root = idx
			if len(idx) != 22 || refs != "" || !strings.HasPrefix(first, "Incident declared") {
				t.Errorf("declaration: Thread-Index %d bytes, References %q, preview %q", len(idx), refs, first)
			}
			continue
		}
		if len(idx) != 27 || !bytes.Equal(idx[:22], root) || refs != "<"+list[len(list)-1].MessageID+">" {
			t.Errorf("%s: Thread-Index %x (want %x and 5 bytes), References %q", first, idx, root, refs)
		}
		want := map[int]string{2: "Update · next update by ", 1: "Estimate revised: ", 0: "Resolved after "}[i]
		if !strings.HasPrefix(first, want) {
			t.Errorf("preview %q, want it to start %q", first, want)
		}
		if resolved := strings.HasPrefix(msg.Subject, "Resolved: "); resolved != (i == 0) {
			t.Errorf("subject %q: Resolved: prefix %v, want %v", msg.Subject, resolved, i == 0)
		}
		if i == 2 && !strings.Contains(msg.Text, "Rolled back; a && b ran clean") {
			t.Errorf("the note is not in the text part as typed:\n%s", msg.Text)
		}
	}
}

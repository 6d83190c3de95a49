package email

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	gomail "github.com/wneessen/go-mail"

	"github.com/keepcool/keepcool/internal/ansi"
	"github.com/keepcool/keepcool/updates"
)

const (
	idDomain   = "keepcool" // right-hand side of every Message-ID we make
	maxField   = 32 << 10   // a pasted log stays readable and the mail bounded
	maxSubject = 1024       // bytes: a title at keepcool's limit (200 characters, 4 bytes each at most) fits whole
	maxIDPart  = 100        // bytes of an encoded id before it is shortened with a hash
)

// compose renders m as one multipart/alternative message to every recipient.
func (c *Channel) compose(m updates.Message) (*gomail.Msg, error) {
	id, root := messageID(m), threadRoot(m)
	m = clean(m)
	msg := gomail.NewMsg(gomail.WithNoDefaultUserAgent())
	msg.FromMailAddress(c.from)
	msg.ToMailAddress(c.to...)
	msg.Subject(subject(m))
	msg.SetMessageIDWithValue(id)
	if root != "" {
		msg.SetGenHeader(gomail.HeaderInReplyTo, "<"+root+">")
		msg.SetGenHeader(gomail.HeaderReferences, "<"+root+">")
	}
	msg.SetGenHeader(gomail.Header("Thread-Topic"), threadTopic(m))
	msg.SetGenHeader(gomail.Header("Thread-Index"), threadIndex(m))
	if !m.At.IsZero() {
		msg.SetDateWithValue(m.At) // frozen with the message: a retry keeps it
	}
	msg.SetUserAgent("keepcool")
	// RFC 3834: out-of-office robots must not answer an incident list.
	msg.SetGenHeader(gomail.Header("Auto-Submitted"), "auto-generated")
	msg.SetGenHeader(gomail.HeaderXAutoResponseSuppress, "All")
	html, err := renderHTML(m, c.cfg.Name)
	if err != nil {
		return nil, err
	}
	msg.SetBodyString(gomail.TypeTextPlain, preheader(m)+"\n\n"+m.Text())
	msg.AddAlternativeString(gomail.TypeTextHTML, html)
	return msg, nil
}

// messageID is stable for a message across retries, so a receiver that
// sees a repeat can drop it. The declared message is the thread's root and
// is named after the incident, so later messages can point at it without
// knowing its journal sequence.
func messageID(m updates.Message) string {
	switch {
	case m.Kind == updates.KindDeclared && m.IncidentID != "":
		return idPart(m.IncidentID) + "@" + idDomain
	case m.ID != "":
		return "m." + idPart(m.ID) + "@" + idDomain // "m." keeps it apart from any root
	}
	sum := sha256.Sum256(fmt.Appendf(nil, "%s\x00%s\x00%d", m.IncidentID, m.Kind, m.At.UnixNano()))
	return "h." + hex.EncodeToString(sum[:16]) + "@" + idDomain
}

// threadRoot is the Message-ID later messages of an incident reply to, ""
// for the root itself and for test messages, which belong to no incident.
func threadRoot(m updates.Message) string {
	if m.IncidentID == "" || m.Kind == updates.KindDeclared || m.Kind == updates.KindTest {
		return ""
	}
	return idPart(m.IncidentID) + "@" + idDomain
}

// idPart encodes s as dot-atom text for a Message-ID: letters, digits, '-'
// and '_' stay, every other byte becomes =XX. The encoding is one-to-one,
// so two different ids never share a Message-ID (and get deduplicated).
func idPart(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case 'a' <= ch && ch <= 'z', 'A' <= ch && ch <= 'Z', '0' <= ch && ch <= '9', ch == '-', ch == '_':
			b.WriteByte(ch)
		default:
			fmt.Fprintf(&b, "=%02X", ch)
		}
	}
	out := b.String()
	if len(out) > maxIDPart {
		sum := sha256.Sum256([]byte(s))
		out = out[:40] + "-" + hex.EncodeToString(sum[:16])
	}
	return out
}

// subject is the incident's subject (threadTopic), which every message of
// it repeats, and "Resolved: " before it on the all-clear, so that an
// inbox shows the end of the incident without opening it. References and
// Thread-Index keep the all-clear in the thread; see threadTopic.
func subject(m updates.Message) string {
	if m.Kind == updates.KindResolved {
		return "Resolved: " + threadTopic(m)
	}
	return threadTopic(m)
}

// threadTopic is the incident's subject without what changes in it, one
// line (header folding and clients choke on anything else): the same on
// every message of the thread, as Outlook's Thread-Topic wants (its
// "normalized subject", PidTagConversationTopic).
func threadTopic(m updates.Message) string {
	s := strings.NewReplacer("\n", " ", "\t", " ").Replace(m.ThreadSubject())
	return updates.Truncate(s, maxSubject)
}

// clean returns m with every untrusted string made safe to show in any
// part: valid UTF-8, bounded, and without control characters that could
// drive a terminal mail reader or reorder text on screen.
func clean(m updates.Message) updates.Message {
	for _, p := range []*string{&m.Title, &m.Status, &m.Engineer, &m.Impact, &m.Known,
		&m.Unknown, &m.Plan, &m.Note, &m.Why, &m.Summary, &m.RootCause} {
		*p = cleanText(*p)
	}
	if u, ok := updates.ParseWebURL(m.StatusPage); !ok {
		m.StatusPage = "" // only a web link belongs behind the button
	} else {
		m.StatusPage = cleanText(u.String())
	}
	return m
}

// cleanText keeps line breaks and tabs, drops whole terminal escape
// sequences (a colour code is noise, not text) and shows other control
// characters as their visible symbols (a lone ESC → ␛), so the text stays
// readable but inert.
func cleanText(s string) string {
	s = updates.Truncate(strings.ToValidUTF8(ansi.Strip(s), "\uFFFD"), maxField)
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return r
		case r < 0x20:
			return 0x2400 + r // Control Pictures block
		case r == 0x7f:
			return '\u2421'
		case r >= 0x80 && r < 0xa0, // C1 controls
			updates.IsBidiOverride(r),
			r == '\u2028', r == '\u2029':
			return '\uFFFD'
		}
		return r
	}, s)
}

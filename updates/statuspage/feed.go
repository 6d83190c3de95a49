package statuspage

import (
	"encoding/xml"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/keepcool/keepcool/updates"
)

// atomFeed is an Atom 1.0 (RFC 4287) document. encoding/xml escapes every
// text and attribute; sanitize already removed characters XML forbids.
type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string      `xml:"id"`
	Title   atomText    `xml:"title"`
	Updated string      `xml:"updated"`
	Author  atomPerson  `xml:"author"`
	Links   []atomLink  `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

type atomEntry struct {
	ID        string      `xml:"id"`
	Title     atomText    `xml:"title"`
	Link      atomLink    `xml:"link"`
	Updated   string      `xml:"updated"`
	Published string      `xml:"published"`
	Author    *atomPerson `xml:"author,omitempty"`
	Category  atomCat     `xml:"category"`
	Content   atomText    `xml:"content"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Text string `xml:",chardata"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomCat struct {
	Term string `xml:"term,attr"`
}

// renderFeed renders the recent incidents (MaxRecent) as Atom, one entry
// per message, newest first: a reader polling after the next incident is
// declared still gets the previous one's all-clear. Entry ids are tag: URIs
// of this machine's name and the message id, so a reader shows each update
// once however often it polls, and two machines' feeds never collide.
func (p *Page) renderFeed(token string, s Site) func() ([]byte, error) {
	return func() ([]byte, error) {
		p.mu.Lock()
		f := p.feedLocked(token, s)
		p.mu.Unlock()
		b, err := xml.MarshalIndent(f, "", "  ")
		if err != nil {
			return nil, err
		}
		out := make([]byte, 0, len(xml.Header)+len(b)+1)
		out = append(out, xml.Header...)
		out = append(out, b...)
		return append(out, '\n'), nil
	}
}

func (p *Page) feedLocked(token string, s Site) atomFeed {
	base, tag := s.linkBase(), s.tagPrefix()
	page := base
	if base == "" {
		page = "./"
	}
	page = withQuery(page, token)
	f := atomFeed{
		ID:      tag + "feed/" + escapeID(p.name),
		Title:   atomText{"text", "Incident updates"},
		Updated: atomTime(p.now()),
		Author:  atomPerson{"keepcool"},
		Links:   []atomLink{{"self", "application/atom+xml", withQuery(base+"feed.atom", token)}, {"alternate", "text/html", page}},
	}
	recent := p.recentLocked()
	if len(recent) == 0 {
		return f
	}
	last := recent[0].latest()
	f.Title.Text = "Incident updates: " + last.Headline()
	f.Updated = atomTime(last.At)
	for _, r := range recent {
		for i := len(r.msgs) - 1; i >= 0; i-- {
			f.Entries = append(f.Entries, atomEntryFor(r.msgs[i], tag, page))
		}
	}
	return f
}

// atomEntryFor is m as an entry: its id under tag (Site.tagPrefix), its
// link to its incident on the page.
func atomEntryFor(m updates.Message, tag, page string) atomEntry {
	e := atomEntry{
		ID:        tag + escapeID(entryID(m)),
		Title:     atomText{"text", m.Subject()},
		Link:      atomLink{"alternate", "text/html", page + "#" + url.PathEscape(m.IncidentID)},
		Updated:   atomTime(m.At),
		Published: atomTime(m.At),
		Category:  atomCat{kindClass(m.Kind)},
		Content:   atomText{"text", m.Text()},
	}
	if m.Engineer != "" {
		e.Author = &atomPerson{m.Engineer}
	}
	return e
}

// entryID is the message id; a message without one (never from the
// engine) gets one from its incident and time, still stable across polls.
func entryID(m updates.Message) string {
	if m.ID != "" {
		return m.ID
	}
	return m.IncidentID + "/t" + strconv.FormatInt(m.At.UnixNano(), 10)
}

// escapeID makes a message id ("inc-…/12") a valid URN tail while keeping
// it readable and stable.
func escapeID(id string) string {
	parts := strings.Split(id, "/")
	for i, s := range parts {
		parts[i] = url.PathEscape(s)
	}
	return strings.Join(parts, "/")
}

// atomTime is RFC 3339 as Atom requires, in the time's own offset.
func atomTime(t time.Time) string { return t.Format(time.RFC3339) }

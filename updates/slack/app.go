package slack

import (
	"context"
	"errors"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"

	slackapi "github.com/slack-go/slack"

	"github.com/keepcool/keepcool/updates"
)

// EventType is the type of the metadata keepcool sets on an incident's
// root message, by which it finds that message again.
const EventType = "keepcool_incident"

// AppConfig is a Slack channel that posts as a Slack app (a bot token)
// rather than to an incoming webhook.
type AppConfig struct {
	Name    string
	Token   string // xoxb-…: the bot token, resolved
	Channel string // #name, name or a channel id (C…, G…)
	APIURL  string // the Web API base, "" for Slack's; tests point it at an httptest server
}

// App keeps one root message per incident in a channel, updated with
// chat.update to show the current status, estimate and next update, and
// posts each update as a reply in its thread (broadcast to the channel for
// a status change and the all-clear). After a restart, or an answer lost
// on the way back, it finds the root again by its metadata in the
// channel's history instead of posting a second one; nothing is journalled.
type App struct {
	name, channel string
	api           *slackapi.Client
	err           error

	roots updates.Remote[string] // keepcool incident id → root message ts

	mu    sync.Mutex
	id    string          // the channel's id, once known
	maybe map[string]bool // message ids whose reply may have been posted
}

// NewApp returns the channel. A configuration problem does not fail
// NewApp: every Send returns it as a *updates.PermanentError.
func NewApp(c AppConfig, hc *http.Client) *App {
	a := &App{name: c.Name, channel: strings.TrimSpace(c.Channel), maybe: map[string]bool{}}
	tok := strings.TrimSpace(c.Token)
	opts := []slackapi.Option{slackapi.OptionHTTPClient(bearer{hc: hc, token: tok})}
	if u := strings.TrimSpace(c.APIURL); u != "" {
		if !strings.HasSuffix(u, "/") {
			u += "/" // slack-go appends the method name directly
		}
		opts = append(opts, slackapi.OptionAPIURL(u))
	}
	switch {
	case hc == nil:
		a.err = errors.New("no HTTP client given: a wiring bug in keepcool, please report it")
	case tok == "":
		a.err = errors.New(`token is empty; set token = "keyring:NAME" to a Slack bot token (xoxb-…) with the chat:write and channels:history scopes`)
	case strings.TrimPrefix(a.channel, "#") == "":
		a.err = errors.New(`channel is empty; set channel = "#incidents" or the channel's id, and invite the app to it (/invite @app)`)
	default:
		a.api = slackapi.New(tok, opts...)
	}
	if isChannelID(a.channel) {
		a.id = a.channel
	}
	return a
}

// Name is the channel's configured name.
func (a *App) Name() string { return a.name }

// Send makes one attempt; the outbox retries. A test checks the token
// (auth.test) and posts a test message in the channel, as the webhook
// type does.
func (a *App) Send(ctx context.Context, m updates.Message) error {
	if a.err != nil {
		return updates.Permanent(a.errorf(a.err))
	}
	if m.Kind == updates.KindTest {
		if _, err := a.api.AuthTestContext(ctx); err != nil {
			return a.classify("auth.test", err)
		}
		_, err := a.post(ctx, m, a.target(), slackapi.MsgOptionBlocks(blocks(render(m).Blocks)...))
		return err
	}
	root, searched, err := a.find(ctx, m)
	switch {
	case err != nil:
		return err
	case root == "":
		// The first message of the incident this channel gets (the
		// declaration, or the update after a refused one): the root.
		return a.postRoot(ctx, m)
	case m.Kind == updates.KindDeclared:
		return nil // posted before (a lost answer, a restart): nothing new to say
	}
	// The root first: redoing an update is harmless, a second reply is not.
	id := a.target()
	rootErr := a.updateRoot(ctx, id, root, m)
	switch {
	case errors.Is(rootErr, errRootGone):
		// Someone deleted the root: a new one shows what stands now, and
		// later updates thread under it.
		return a.postRoot(ctx, m)
	case rootErr != nil && !updates.IsRejected(rootErr):
		return rootErr // wait, retry, or a dead channel: the reply waits too
	}
	// A root Slack will not edit (rootErr refused) still has its thread:
	// the update goes there, and the refusal is reported beside it.
	if a.takeUnsure(m) || searched {
		done, err := a.replied(ctx, id, root, m)
		switch {
		case err != nil:
			return err
		case done && rootErr != nil:
			return updates.Degraded(rootErr)
		case done:
			return nil
		}
	}
	opts := []slackapi.MsgOption{slackapi.MsgOptionBlocks(blocks(render(m).Blocks)...), slackapi.MsgOptionTS(root),
		slackapi.MsgOptionMetadata(replyMetadata(m))}
	if m.Kind == updates.KindStatus || m.Kind == updates.KindResolved {
		opts = append(opts, slackapi.MsgOptionBroadcast())
	}
	_, err = a.post(ctx, m, id, opts...)
	a.unsure(m, err)
	if err == nil && rootErr != nil {
		return updates.Degraded(rootErr)
	}
	return err
}

// postRoot posts m as its incident's root message, with the metadata by
// which it is found again.
func (a *App) postRoot(ctx context.Context, m updates.Message) error {
	meta := slackapi.SlackMetadata{EventType: EventType, EventPayload: map[string]any{"incident_id": m.IncidentID}}
	ts, err := a.post(ctx, m, a.target(), slackapi.MsgOptionBlocks(blocks(render(m).Blocks)...), slackapi.MsgOptionMetadata(meta))
	if err == nil {
		a.roots.Remember(m.IncidentID, ts)
	}
	return err
}

// post sends chat.postMessage with m's notification text and opts, and
// learns the channel's id from the answer.
func (a *App) post(ctx context.Context, m updates.Message, channel string, opts ...slackapi.MsgOption) (string, error) {
	opts = append([]slackapi.MsgOption{slackapi.MsgOptionText(render(m).Text, false)}, opts...)
	id, ts, err := a.api.PostMessageContext(ctx, channel, opts...)
	if err != nil {
		return "", a.classify("chat.postMessage", err)
	}
	if id != "" {
		a.mu.Lock()
		a.id = id
		a.mu.Unlock()
	}
	return ts, nil
}

// rootBlocks is the root message kept current: the headline, the facts
// (status, estimate, …) and the next update, without the update's own
// text, which goes in the thread.
func rootBlocks(m updates.Message) []block {
	all := render(m).Blocks
	skip := len(body(m))
	return append(all[:1:1], all[1+skip:]...)
}

// rootText is the root's notification text: the headline and the status.
func rootText(m updates.Message) string {
	t := headline(m)
	for _, f := range m.Facts() {
		if f.Label == "Status" && f.Value != "" {
			t += " — " + f.Label + ": " + f.Value
		}
	}
	return updates.FitEscaped(t, maxFallback, escape)
}

// find returns the root message of m's incident, "" if there is none:
// remembered, or found in the channel's history since the declaration by
// the metadata keepcool sets on it (searched: it was not remembered).
func (a *App) find(ctx context.Context, m updates.Message) (ts string, searched bool, err error) {
	if ts, ok := a.roots.Get(m.IncidentID); ok {
		return ts, false, nil
	}
	id, err := a.channelID(ctx)
	if err != nil {
		return "", false, err
	}
	p := &slackapi.GetConversationHistoryParameters{ChannelID: id, Limit: 200, IncludeAllMetadata: true}
	if !m.DeclaredAt.IsZero() {
		p.Oldest = strconv.FormatInt(m.AdoptedSince().Unix(), 10)
	}
	for range maxPages {
		h, err := a.api.GetConversationHistoryContext(ctx, p)
		if err != nil {
			return "", false, a.classify("conversations.history", err)
		}
		for _, msg := range h.Messages {
			md := msg.Metadata
			if md.EventType == EventType && md.EventPayload["incident_id"] == m.IncidentID && msg.Timestamp != "" {
				a.roots.Remember(m.IncidentID, msg.Timestamp)
				return msg.Timestamp, true, nil
			}
		}
		if !h.HasMore || h.ResponseMetaData.NextCursor == "" {
			break
		}
		p.Cursor = h.ResponseMetaData.NextCursor
	}
	return "", false, nil
}

// maxPages bounds a search (of history, of the channel list) at 200 per
// page.
const maxPages = 10

// channelID is the configured channel's id: as written, learnt from an
// answer, or looked up by name (conversations.list, the channels:read
// scope).
func (a *App) channelID(ctx context.Context) (string, error) {
	a.mu.Lock()
	id := a.id
	a.mu.Unlock()
	if id != "" {
		return id, nil
	}
	want := strings.TrimPrefix(a.channel, "#")
	p := &slackapi.GetConversationsParameters{Types: []string{"public_channel", "private_channel"}, ExcludeArchived: true, Limit: 200}
	for range maxPages {
		list, next, err := a.api.GetConversationsContext(ctx, p)
		if err != nil {
			return "", a.classify("conversations.list", err)
		}
		for _, c := range list {
			if c.Name == want {
				a.mu.Lock()
				a.id = c.ID
				a.mu.Unlock()
				return c.ID, nil
			}
		}
		if next == "" {
			break
		}
		p.Cursor = next
	}
	return "", updates.Permanent(a.errorf(errors.New("there is no channel " + a.channel + " the app can see; check the name, or write the channel's id (C…)")))
}

// target is where a new message goes: the id once known, else the name.
func (a *App) target() string {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.id != "" {
		return a.id
	}
	return a.channel
}

var channelIDPattern = regexp.MustCompile(`^[CGD][A-Z0-9]{8,}$`)

func isChannelID(s string) bool { return channelIDPattern.MatchString(s) }

// BlockType and ID make a block a slack-go Block: it is marshalled as
// updates/slack lays it out for the webhook, unchanged.
func (b block) BlockType() slackapi.MessageBlockType { return slackapi.MessageBlockType(b.Type) }

// ID is the block's block_id: none.
func (b block) ID() string { return "" }

func blocks(bs []block) []slackapi.Block {
	out := make([]slackapi.Block, len(bs))
	for i, b := range bs {
		out[i] = b
	}
	return out
}

package slack

import (
	"context"

	slackapi "github.com/slack-go/slack"

	"github.com/keepcool/keepcool/updates"
)

// ReplyEventType is the type of the metadata on a thread reply, which
// names the keepcool message it carries, so that a retry whose first
// attempt may have gone through (or a restart) finds it.
const ReplyEventType = "keepcool_update"

func replyMetadata(m updates.Message) slackapi.SlackMetadata {
	return slackapi.SlackMetadata{EventType: ReplyEventType,
		EventPayload: map[string]any{"incident_id": m.IncidentID, "message_id": m.ID}}
}

// replied reports whether the root's thread already holds m: searched
// only when an earlier attempt's outcome is unknown (a lost answer) or the
// root was found after a restart.
func (a *App) replied(ctx context.Context, channel, root string, m updates.Message) (bool, error) {
	p := &slackapi.GetConversationRepliesParameters{ChannelID: channel, Timestamp: root, Limit: 200, IncludeAllMetadata: true}
	for range maxPages {
		msgs, more, next, err := a.api.GetConversationRepliesContext(ctx, p)
		if err != nil {
			return false, a.classify("conversations.replies", err)
		}
		for _, r := range msgs {
			md := r.Metadata
			if md.EventType == ReplyEventType && md.EventPayload["message_id"] == m.ID {
				return true, nil
			}
		}
		if !more || next == "" {
			break
		}
		p.Cursor = next
	}
	return false, nil
}

// unsure marks m's reply as perhaps posted (err is not a refusal), or
// clears the mark; takeUnsure reads and clears it.
func (a *App) unsure(m updates.Message, err error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if err != nil && !updates.IsPermanent(err) {
		a.maybe[m.ID] = true
	} else {
		delete(a.maybe, m.ID)
	}
}

func (a *App) takeUnsure(m updates.Message) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	v := a.maybe[m.ID]
	delete(a.maybe, m.ID)
	return v
}

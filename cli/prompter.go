package cli

import (
	"context"
	"fmt"

	"github.com/gen2brain/beeep"

	"github.com/keepcool/keepcool/engine"
	"github.com/keepcool/keepcool/incident"
)

// desktopPrompter shows prompts as desktop notifications. beeep.Alert sends
// them with critical urgency, which notification daemons show even in
// do-not-disturb mode: the shield must not silence keepcool itself.
type desktopPrompter struct{}

func (desktopPrompter) Prompt(ctx context.Context, p engine.Prompt) error {
	title := fmt.Sprintf("SEV%d update due: %s", p.Severity, p.Title)
	body := fmt.Sprintf("Stakeholders were promised an update by %s.\nkeepcool note \"…\" — or keepcool note --no-change", p.Promised.Format("15:04"))
	if p.Reason == incident.PromptEstimate {
		title = fmt.Sprintf("SEV%d estimate passed: %s", p.Severity, p.Title)
		body = fmt.Sprintf("The fix was expected by %s. Give a new estimate: keepcool eta 30m-1h --why \"…\"", p.Estimate.MaxAt.Format("15:04"))
	}
	done := make(chan error, 1) // buffered: a timeout must not strand the sender
	go func() { done <- beeep.Alert(title, body, "") }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

package engine

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/incident/check"
)

// field is one piece of stakeholder text in a request.
type field struct {
	f    check.Field
	text string
}

// warningsError refuses a request whose text looks like a mistake; the
// API answers 422 with the warnings (see package api).
type warningsError struct{ warnings []api.Warning }

func (e *warningsError) Error() string {
	var msgs []string
	for _, w := range e.warnings {
		msgs = append(msgs, w.Message)
	}
	return "not sent: " + strings.Join(msgs, " ") + " If it is what you mean, send it anyway: repeat the request with force."
}

// checkText looks at a request's text before anything is recorded: text
// over a hard limit is refused whatever force says; text that looks like a
// mistake (and an estimate ending more than a day after now, when maxAt is
// set) is refused unless force.
func checkText(force bool, now, maxAt time.Time, fields ...field) error {
	var warnings []api.Warning
	add := func(ws []check.Warning) {
		for _, w := range ws {
			warnings = append(warnings, api.Warning{Code: string(w.Code), Field: w.Field, Message: w.Message})
		}
	}
	for _, fd := range fields {
		ws, err := check.Text(fd.f, fd.text)
		if err != nil {
			return badRequest("%v", err)
		}
		add(ws)
	}
	if !maxAt.IsZero() {
		add(check.EstimateRange(maxAt, now))
	}
	if force || len(warnings) == 0 {
		return nil
	}
	return &warningsError{warnings: warnings}
}

// errorBody is the answer to a refused request.
func errorBody(err error) api.Error {
	var we *warningsError
	if errors.As(err, &we) {
		return api.Error{Message: err.Error(), Warnings: we.warnings}
	}
	return api.Error{Message: err.Error()}
}

// refusedStatus is the HTTP status of a request refused for its text.
func refusedStatus(err error) (int, bool) {
	var we *warningsError
	if errors.As(err, &we) {
		return http.StatusUnprocessableEntity, true
	}
	return 0, false
}

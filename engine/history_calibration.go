package engine

import (
	"net/http"
	"strconv"

	"github.com/keepcool/keepcool/calibrate"
	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/postmortem"
)

// handleCalibration answers GET /v1/calibration?severity=N&eta=RANGE from
// the history entries (their figures come from the history cache, each line
// decoded once: no replay, no decode of the whole history per request).
func (e *Engine) handleCalibration(w http.ResponseWriter, r *http.Request) {
	c, err := e.calibration(r.URL.Query().Get("severity"), r.URL.Query().Get("eta"))
	reply(w, c, err)
}

func (e *Engine) calibration(sevText, eta string) (api.Calibration, error) {
	sev := 0
	if sevText != "" {
		n, err := strconv.Atoi(sevText)
		if err != nil || n < 1 || n > 4 {
			return api.Calibration{}, badRequest("severity %q: use 1 (the worst) to 4, or leave it out for every severity", sevText)
		}
		sev = n
	}
	var r *postmortem.Range // the range asked about, read before any journal
	if eta != "" {
		now := e.now()
		e.mu.Lock()
		est, err := e.parseEstimateLocked(eta, now)
		e.mu.Unlock()
		if err != nil {
			return api.Calibration{}, badRequest("eta %q: %v", eta, err)
		}
		rng := postmortem.RangeOf(est, now)
		r = &rng
	}
	h, err := e.historyEntries()
	if err != nil {
		return api.Calibration{}, err
	}
	if r == nil {
		return calibrate.Of(h, sev, nil), nil
	}
	return calibrate.For(h, sev, *r), nil
}

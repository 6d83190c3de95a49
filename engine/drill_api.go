package engine

import (
	"encoding/json"
	"net/http"

	"github.com/keepcool/keepcool/drill"
	"github.com/keepcool/keepcool/engine/api"
)

// handleDrillSkip answers POST api.PathDrillSkip.
func (e *Engine) handleDrillSkip(w http.ResponseWriter, r *http.Request) {
	var req api.DrillSkipRequest
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		reply(w, nil, decodeError(err))
		return
	}
	if req.Scenario != "" && !drill.ValidName(req.Scenario) {
		reply(w, nil, badRequest("scenario %q: a scenario's name is its file's name without .toml or .md (a-z, 0-9, - and _)", req.Scenario))
		return
	}
	rep, err := e.SkipDrill(req)
	reply(w, rep, err)
}

package engine

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/incident"
)

// maxBody bounds a request: a note may be long, never unbounded.
const maxBody = 1 << 20

func (e *Engine) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+api.PathStatus, func(w http.ResponseWriter, r *http.Request) {
		reply(w, e.Status(), nil)
	})
	mux.HandleFunc("GET "+api.PathWatch, e.handleWatch)
	mux.HandleFunc("GET "+api.PathHistory, func(w http.ResponseWriter, r *http.Request) {
		h, err := e.historyJSON()
		if err != nil {
			reply(w, nil, err)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write(append(h, '\n')) // as reply writes it
	})
	mux.HandleFunc("GET "+api.PathCalibration, e.handleCalibration)
	mux.HandleFunc("GET "+api.PathChannels, func(w http.ResponseWriter, r *http.Request) {
		reply(w, e.Channels(), nil)
	})
	mux.HandleFunc("GET "+api.PathExport, handleRendered(e.Export))
	mux.HandleFunc("GET "+api.PathPostmortem, handleRendered(e.Postmortem))
	mux.HandleFunc("GET "+api.PathDrills, func(w http.ResponseWriter, r *http.Request) { reply(w, e.Drills(), nil) })
	mux.HandleFunc("POST "+api.PathDrillSkip, e.handleDrillSkip)
	mux.HandleFunc("POST "+api.PathTest, func(w http.ResponseWriter, r *http.Request) {
		var req api.TestRequest
		if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody)).Decode(&req); err != nil {
			reply(w, nil, badRequest("malformed request: %v", err))
			return
		}
		if err := checkShort(req); err != nil {
			reply(w, nil, err)
			return
		}
		rep, err := e.TestChannelReply(r.Context(), req)
		reply(w, rep, err)
	})
	mux.HandleFunc("POST "+api.PathStart, command(e, e.Start))
	mux.HandleFunc("POST "+api.PathNote, command(e, e.Note))
	mux.HandleFunc("POST "+api.PathEstimate, command(e, e.Estimate))
	mux.HandleFunc("POST "+api.PathSnooze, command(e, e.Snooze))
	mux.HandleFunc("POST "+api.PathResolve, command(e, e.Resolve))
	mux.HandleFunc("POST "+api.PathSetState, command(e, e.SetStatus))
	e.runbookRoutes(mux)
	mux.HandleFunc("POST "+api.PathLink, command(e, e.Link)) // link.go
	mux.HandleFunc("POST "+api.PathWindow, func(w http.ResponseWriter, r *http.Request) {
		var req api.WindowRequest
		if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody)).Decode(&req); err != nil {
			reply(w, nil, badRequest("malformed request: %v", err))
			return
		}
		reply(w, struct{}{}, e.OpenWindow(req))
	})
	mux.HandleFunc("POST "+api.PathReload, func(w http.ResponseWriter, r *http.Request) {
		reply(w, struct{}{}, e.Reload())
	})
	mux.HandleFunc("POST "+api.PathQuit, func(w http.ResponseWriter, r *http.Request) {
		var req api.QuitRequest
		if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody)).Decode(&req); err != nil {
			reply(w, nil, badRequest("malformed request: %v", err))
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), 20*time.Second)
		defer cancel()
		reply(w, api.QuitReply{Shield: e.Quit(ctx, req)}, nil)
	})
	return limitQuery(mux)
}

// command adapts an engine command to a handler: decode the request, run it,
// answer with the incident as it now stands.
func command[Req any](e *Engine, fn func(Req) (incident.State, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var req Req
		dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&req); err != nil {
			reply(w, nil, decodeError(err))
			return
		}
		if err := checkShort(req); err != nil {
			reply(w, nil, err)
			return
		}
		st, err := fn(req)
		if err != nil {
			reply(w, nil, err)
			return
		}
		inc := e.brief(st)
		chans := e.channelsOf(st.ID)
		e.mu.Lock()
		inc.Delivery = e.deliveryLocked(st, chans)
		e.mu.Unlock()
		reply(w, inc, nil)
	}
}

// handleRendered answers GET ?id=ID&format=F with what render makes of
// the incident (an export, a post-mortem) in its own content type.
func handleRendered(render func(id, format string) ([]byte, string, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		body, ctype, err := render(r.URL.Query().Get("id"), r.URL.Query().Get("format"))
		if err != nil {
			reply(w, nil, err)
			return
		}
		w.Header().Set("Content-Type", ctype)
		w.Write(body)
	}
}

// decodeError explains a request the engine could not read.
func decodeError(err error) error {
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return badRequest("request too large: a note may be at most %d KiB", maxBody>>10)
	case strings.HasPrefix(err.Error(), "json: unknown field"):
		return badRequest("this keepcool is newer than the running engine (%v): restart the engine", err)
	}
	return badRequest("malformed request: %v", err)
}

func reply(w http.ResponseWriter, v any, err error) {
	w.Header().Set("Content-Type", "application/json")
	if err != nil {
		w.WriteHeader(statusOf(err))
		v = errorBody(err)
	}
	_ = json.NewEncoder(w).Encode(v) // the client went away; nothing to tell it
}

func statusOf(err error) int {
	if status, ok := refusedStatus(err); ok {
		return status
	}
	var re *requestError
	if errors.As(err, &re) {
		return re.status
	}
	return http.StatusInternalServerError
}

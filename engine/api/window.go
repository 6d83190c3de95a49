package api

// PathWindow (POST WindowRequest) opens one of keepcool's windows through
// the engine, as the tray's menu does: an open window of that name comes
// forward instead of a second opening. 400: no such window; 501: the
// engine opens no windows (keepcool daemon): open it yourself.
const PathWindow = "/v1/window"

// WindowRequest names a window (app/window's names). Quiet shows it
// without taking the keyboard.
type WindowRequest struct {
	Name  string `json:"name"`
	Quiet bool   `json:"quiet,omitempty"`
}

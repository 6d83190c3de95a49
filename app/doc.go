//go:build cgo

// Package app is keepcool's windows (fyne): declare, prompt, estimate,
// resolve, timeline, settings and quit, each run as a short-lived
// `keepcool-gui NAME` process that talks to the engine like the CLI does.
//
// Every window answers the keyboard the same way (keys.go). A window the
// engine opens on its own (Options.Quiet: a scheduled prompt, a lapsed
// estimate) shows without taking the keyboard (nofocus*.go) and takes no
// key until the user clicks it or asks for it again from the tray
// (quiet.go). An open prompt follows the engine's changes (follow.go).
package app

package app

import (
	"context"
	"time"

	"github.com/keepcool/keepcool/engine/api"
)

// What each window needs of the engine. *client.Client satisfies them all;
// tests use a fake.

// StatusReader reads the active incident.
type StatusReader interface {
	Status(ctx context.Context) (api.Status, error)
}

// Declarer declares an incident.
type Declarer interface {
	StatusReader
	Start(ctx context.Context, req api.StartRequest) (api.Incident, error)
}

// Estimator revises the estimate.
type Estimator interface {
	StatusReader
	Estimate(ctx context.Context, req api.EstimateRequest) (api.Incident, error)
}

// Reporter answers a prompt: a note, no change, snooze, or a new estimate.
type Reporter interface {
	Estimator
	Note(ctx context.Context, req api.NoteRequest) (api.Incident, error)
	Snooze(ctx context.Context, req api.SnoozeRequest) (api.Incident, error)
}

// Resolver ends the incident.
type Resolver interface {
	StatusReader
	Resolve(ctx context.Context, req api.ResolveRequest) (api.Incident, error)
}

// Exporter reads an incident's events.
type Exporter interface {
	Export(ctx context.Context, id, format string) ([]byte, error)
}

// Configurer applies and tries out a saved config.
type Configurer interface {
	Channels(ctx context.Context) ([]api.ChannelConfig, error)
	TestChannel(ctx context.Context, name string) error
	Reload(ctx context.Context) error
}

// Quitter ends the engine, putting the focus shield back first or not.
type Quitter interface {
	StatusReader
	Quit(ctx context.Context, req api.QuitRequest) error
}

// Watcher waits for the engine's next change, so an open window stays true.
type Watcher interface {
	Watch(ctx context.Context, since uint64) (api.Watched, error)
}

// Engine is everything the windows use.
type Engine interface {
	Watcher
	Declarer
	Reporter
	Resolver
	Exporter
	Configurer
	Quitter
	Runbooker
	Historian
	Postmortemer
	Driller // drill.go
}

// Keyring stores secrets; zalando/go-keyring's functions fit it.
type Keyring interface {
	Set(service, user, secret string) error
	Get(service, user string) (string, error)
}

// Options is what a window needs from its caller.
type Options struct {
	Engine     Engine
	ConfigFile string           // where Settings reads and writes the config
	Keyring    Keyring          // nil: the OS keyring
	Now        func() time.Time // nil: time.Now
	// Quiet is set when the engine opened the window on its own (a
	// scheduled prompt): it must not take keystrokes meant for another
	// window, so it shows without the keyboard and ignores keys until the
	// user activates it (a click, or Open from the tray: SIGUSR1).
	Quiet bool
}

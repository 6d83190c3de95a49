package config

import (
	"errors"
	"path/filepath"
	"runtime"
)

// Paths is where keepcool keeps its files.
type Paths struct {
	ConfigFile string // config.toml
	StateDir   string // journals, lock file
	Socket     string // the engine's control socket
}

// IncidentsDir holds one journal per incident.
func (p Paths) IncidentsDir() string { return filepath.Join(p.StateDir, "incidents") }

// UncertainFile keeps the keys of CLI commands whose outcome the CLI
// could not learn (the engine stopped mid-request): re-running the same
// command reuses the key, so the engine records it at most once.
func (p Paths) UncertainFile() string { return filepath.Join(p.StateDir, "uncertain.json") }

// LockFile guards the single engine.
func (p Paths) LockFile() string { return filepath.Join(p.StateDir, "engine.lock") }

// Locate finds keepcool's paths from the environment: everything under
// $KEEPCOOL_HOME when it is set (tests, portable installs), otherwise the XDG
// base directories (or their macOS and Windows equivalents).
func Locate(getenv func(string) string) (Paths, error) {
	if home := getenv("KEEPCOOL_HOME"); home != "" {
		home, err := filepath.Abs(home)
		if err != nil {
			return Paths{}, err
		}
		return Paths{
			ConfigFile: filepath.Join(home, "config.toml"),
			StateDir:   filepath.Join(home, "state"),
			Socket:     filepath.Join(home, "keepcool.sock"),
		}, nil
	}
	userHome := getenv("HOME")
	if runtime.GOOS == "windows" {
		userHome = getenv("USERPROFILE")
	}
	configBase, stateBase := xdg(getenv, userHome)
	if configBase == "" || stateBase == "" {
		return Paths{}, errors.New("cannot find a home directory: set HOME (or KEEPCOOL_HOME=DIR to keep everything in DIR)")
	}
	p := Paths{
		ConfigFile: filepath.Join(configBase, "keepcool", "config.toml"),
		StateDir:   filepath.Join(stateBase, "keepcool"),
	}
	p.Socket = filepath.Join(p.StateDir, "keepcool.sock")
	if rt := getenv("XDG_RUNTIME_DIR"); rt != "" && runtime.GOOS != "windows" {
		p.Socket = filepath.Join(rt, "keepcool.sock")
	}
	return p, nil
}

func xdg(getenv func(string) string, home string) (configBase, stateBase string) {
	switch runtime.GOOS {
	case "windows":
		return getenv("AppData"), getenv("LocalAppData")
	case "darwin":
		if home == "" {
			return "", ""
		}
		lib := filepath.Join(home, "Library", "Application Support")
		return lib, lib
	}
	configBase, stateBase = getenv("XDG_CONFIG_HOME"), getenv("XDG_STATE_HOME")
	if home != "" {
		if configBase == "" {
			configBase = filepath.Join(home, ".config")
		}
		if stateBase == "" {
			stateBase = filepath.Join(home, ".local", "state")
		}
	}
	return configBase, stateBase
}

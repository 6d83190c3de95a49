package config

import (
	"path/filepath"
	"strings"
)

// Runbooks holds the [runbooks] table: where the engineer's runbooks are.
type Runbooks struct {
	// Dir is the folder as written: "~/runbooks", an absolute path, or a
	// path relative to the config file's folder; "" is "runbooks" beside
	// config.toml.
	Dir string
}

func runbooksKeys() []string { return []string{"dir"} }

func readRunbooks(t table, rb Runbooks) Runbooks {
	t.only(runbooksKeys())
	s, ok := t.str("dir")
	if !ok {
		return rb
	}
	switch dir := strings.TrimSpace(s); {
	case dir == "":
		t.fail("dir", `is empty; write the folder of your runbooks, e.g. dir = "~/runbooks", or leave it out for "runbooks" beside config.toml`)
	case strings.ContainsRune(dir, 0):
		t.fail("dir", "holds a NUL character; write the folder's path")
	case strings.HasPrefix(dir, "~") && dir != "~" && !strings.HasPrefix(dir, "~/") && !strings.HasPrefix(dir, `~\`):
		t.fail("dir", `= %q: only your own home folder can be written as ~ (e.g. "~/runbooks"); write another user's folder in full`, s)
	default:
		rb.Dir = dir
	}
	return rb
}

// Path is the runbooks' folder, and how messages should name it (the
// folder as written, else the path). configFile is config.toml's path,
// home the user's home folder ("" when unknown: "~" is then kept as is).
func (r Runbooks) Path(configFile, home string) (path, shown string) {
	dir := r.Dir
	switch {
	case dir == "":
		path = filepath.Join(filepath.Dir(configFile), "runbooks")
		return path, path
	case dir == "~" && home != "":
		path = home
	case (strings.HasPrefix(dir, "~/") || strings.HasPrefix(dir, `~\`)) && home != "":
		path = filepath.Join(home, dir[2:])
	case filepath.IsAbs(dir):
		path = filepath.Clean(dir)
	default:
		path = filepath.Join(filepath.Dir(configFile), dir)
	}
	return path, dir
}

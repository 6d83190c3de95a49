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
	if dir, ok := readFolder(t, "runbooks", "runbooks"); ok {
		rb.Dir = dir
	}
	return rb
}

// readFolder reads a table's dir key, a folder: "~/name", an absolute
// path, or a path relative to config.toml's folder. what names its
// contents in messages; dflt is the folder beside config.toml used when
// dir is left out. An empty dir, and another user's "~bob/…" (keepcool
// would not expand it, and relative it would name a folder nobody meant),
// are refused at their line.
func readFolder(t table, what, dflt string) (string, bool) {
	s, ok := t.str("dir")
	if !ok {
		return "", false
	}
	switch dir := strings.TrimSpace(s); {
	case dir == "":
		t.fail("dir", `is empty; write the folder of your %s, e.g. dir = "~/%s", or leave it out for %q beside config.toml`, what, dflt, dflt)
	case strings.ContainsRune(dir, 0):
		t.fail("dir", "holds a NUL character; write the folder's path")
	case strings.HasPrefix(dir, "~") && dir != "~" && !strings.HasPrefix(dir, "~/") && !strings.HasPrefix(dir, `~\`):
		t.fail("dir", `= %q: only your own home folder can be written as ~ (e.g. "~/%s"); write another user's folder in full`, s, dflt)
	default:
		return dir, true
	}
	return "", false
}

// Path is the runbooks' folder, and how messages should name it (the
// folder as written, else the path). configFile is config.toml's path,
// home the user's home folder ("" when unknown: "~" is then kept as is).
func (r Runbooks) Path(configFile, home string) (path, shown string) {
	return folderPath(r.Dir, "runbooks", configFile, home)
}

// folderPath is where a folder read by readFolder is, and how messages
// name it (dir as written, else the path); dir "" is dflt beside
// config.toml.
func folderPath(dir, dflt, configFile, home string) (path, shown string) {
	switch {
	case dir == "":
		path = filepath.Join(filepath.Dir(configFile), dflt)
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

package runbook

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/keepcool/keepcool/internal/boundedfile"
)

// Dir is a folder of runbooks. Shown is how messages name it: the
// folder as the config wrote it ("~/runbooks"), else Path.
type Dir struct {
	Path  string
	Shown string
}

func (d Dir) shown() string {
	if d.Shown != "" {
		return d.Shown
	}
	return d.Path
}

// Summary is a runbook as a list shows it. Problem is why a runbook
// cannot be read ("" when it can); its Title then says so too.
type Summary struct {
	Name    string
	Title   string
	Items   int
	Problem string
}

// NotFoundError is a name with no runbook behind it. Names are the
// folder's runbooks, for the message.
type NotFoundError struct {
	Name, Dir string
	Names     []string
}

func (e *NotFoundError) Error() string {
	if len(e.Names) == 0 {
		return fmt.Sprintf("runbook %q not found: %s holds no runbooks; write one as %s/%s%s with - [ ] items", e.Name, e.Dir, e.Dir, e.Name, Ext)
	}
	shown, more := e.Names[:min(len(e.Names), 20)], ""
	if len(e.Names) > len(shown) {
		more = fmt.Sprintf(" and %d more", len(e.Names)-len(shown))
	}
	return fmt.Sprintf("runbook %q not found in %s: keepcool runbook list shows them (%s%s)", e.Name, e.Dir, strings.Join(shown, ", "), more)
}

// NameError is a name that cannot be a runbook's: it would leave the
// folder, or no file could be called so.
type NameError struct {
	Name, Why string
}

func (e *NameError) Error() string {
	return fmt.Sprintf("%q is not a runbook's name: %s; give the file name without .md, e.g. db-failover", clip(e.Name, 60), e.Why)
}

// TooManyItemsError is a runbook with more than MaxItems items.
type TooManyItemsError struct {
	Name string
}

func (e *TooManyItemsError) Error() string {
	return fmt.Sprintf("runbook %q has more than %d checklist items: split it into runbooks of its own", e.Name, MaxItems)
}

// TooBigError is a runbook file over MaxFileSize.
type TooBigError struct {
	Name string
}

func (e *TooBigError) Error() string {
	return fmt.Sprintf("runbook %q is over %d KiB: keep the checklist and the back-out plan in it, and link to the long reading", e.Name, MaxFileSize>>10)
}

// CheckName refuses a name that is not a plain file name: empty, with a
// path separator, starting with a dot, with control characters, or
// longer than MaxNameLen.
func CheckName(name string) error {
	why := ""
	switch {
	case name == "":
		why = "it is empty"
	case !utf8.ValidString(name):
		why = "it is not text"
	case utf8.RuneCountInString(name) > MaxNameLen:
		why = fmt.Sprintf("it is longer than %d characters", MaxNameLen)
	case strings.ContainsAny(name, `/\:`):
		why = "it holds a path separator"
	case strings.HasPrefix(name, "."):
		why = "it starts with a dot"
	case strings.ContainsFunc(name, unicode.IsControl):
		why = "it holds control characters"
	case strings.TrimSpace(name) != name:
		why = "it starts or ends with a space"
	}
	if why != "" {
		return &NameError{Name: name, Why: why}
	}
	return nil
}

// Load reads the runbook called name (NAME.md in the folder).
func (d Dir) Load(name string) (Runbook, error) {
	if err := CheckName(name); err != nil {
		return Runbook{}, err
	}
	src, err := d.read(name)
	if err != nil {
		return Runbook{}, err
	}
	return Parse(name, src)
}

// read reads NAME.md: a regular file (a symbolic link to one is
// followed) of at most MaxFileSize bytes. A FIFO is refused without
// waiting on it.
func (d Dir) read(name string) ([]byte, error) {
	path := filepath.Join(d.Path, name+Ext)
	src, err := boundedfile.Read(path, MaxFileSize)
	switch {
	case err == nil:
		return src, nil
	case errors.Is(err, fs.ErrNotExist):
		names, _ := d.Names() // the message is the same without them
		return nil, &NotFoundError{Name: name, Dir: d.shown(), Names: names}
	case errors.Is(err, boundedfile.ErrNotRegular):
		return nil, fmt.Errorf("runbook %q: %s is not a regular file; a runbook is a Markdown file", name, path)
	case errors.Is(err, boundedfile.ErrTooLarge):
		return nil, &TooBigError{Name: name}
	case errors.Is(err, fs.ErrPermission):
		return nil, fmt.Errorf("runbook %q: %w; check the file's and the folder's permissions", name, err)
	}
	return nil, fmt.Errorf("runbook %q: %w", name, err)
}

// Names lists the folder's runbooks by name, sorted: each NAME.md whose
// NAME is a runbook's name (CheckName), at most MaxListed. A folder that
// does not exist holds none.
func (d Dir) Names() ([]string, error) {
	entries, err := os.ReadDir(d.Path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading the runbooks in %s: %w; check the folder's permissions, or set [runbooks] dir in config.toml", d.shown(), err)
	}
	var names []string
	for _, e := range entries {
		name, ok := strings.CutSuffix(e.Name(), Ext)
		if !ok || CheckName(name) != nil || e.IsDir() {
			continue
		}
		names = append(names, name)
	}
	slices.Sort(names)
	return names[:min(len(names), MaxListed)], nil
}

// List lists the folder's runbooks with their titles and item counts.
// A runbook that cannot be read is listed with the reason as its Problem
// and in its title, so that the engineer can fix it before an incident
// needs it.
func (d Dir) List() ([]Summary, error) {
	names, err := d.Names()
	if err != nil {
		return nil, err
	}
	out := make([]Summary, 0, len(names))
	for _, n := range names {
		rb, err := d.Load(n)
		if err != nil {
			out = append(out, Summary{Name: n, Title: "(unreadable: " + err.Error() + ")", Problem: err.Error()})
			continue
		}
		out = append(out, Summary{Name: n, Title: rb.Title, Items: len(rb.Items)})
	}
	return out, nil
}

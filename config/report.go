package config

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

// problem is one finding in a config file, printed as "NAME:LINE: msg".
type problem struct {
	file string
	line int
	msg  string
}

func (p problem) Error() string { return fmt.Sprintf("%s:%d: %s", p.file, p.line, p.msg) }

// report collects every problem found while reading one file, so a user
// fixes them all in one edit instead of one per run.
type report struct {
	file  string
	goos  string // names the keyring tool in hints
	loc   locator
	errs  []problem
	warns []problem
}

func (r *report) errorf(path, format string, args ...any) {
	r.errs = append(r.errs, r.problem(path, format, args...))
}

func (r *report) warnf(path, format string, args ...any) {
	r.warns = append(r.warns, r.problem(path, format, args...))
}

func (r *report) problem(path, format string, args ...any) problem {
	return problem{file: r.file, line: r.loc.line(path), msg: fmt.Sprintf(format, args...)}
}

// err joins the errors, sorted by line, or returns nil if there are none.
func (r *report) err() error {
	sortProblems(r.errs)
	errs := make([]error, len(r.errs))
	for i, p := range r.errs {
		errs[i] = p
	}
	return errors.Join(errs...)
}

func (r *report) warnings() []string {
	sortProblems(r.warns)
	var out []string
	for _, p := range r.warns {
		out = append(out, p.Error())
	}
	return out
}

func sortProblems(ps []problem) {
	slices.SortStableFunc(ps, func(a, b problem) int {
		return cmp.Or(cmp.Compare(a.line, b.line), strings.Compare(a.msg, b.msg))
	})
}

// section returns a top-level table such as [incident], reporting it if
// it was written as something else.
func (r *report) section(name string, v any) (table, bool) {
	m, ok := v.(map[string]any)
	if !ok {
		r.errorf(name, "%s must be a table: put [%s] on its own line with its keys below it (found %s)",
			name, name, typeName(v))
		return table{}, false
	}
	return table{r: r, m: m, path: name, dotted: name + "."}, true
}

// table is one TOML table being read: a section or one [[channel]].
type table struct {
	r      *report
	m      map[string]any
	path   string // locator path: "incident", "channel.2"
	prefix string // message prefix naming the table: `channel "ops": `
	dotted string // how keys are named in messages: "incident." + key
}

// at is the locator path of key.
func (t table) at(key string) string { return joinPath(t.path, key) }

// subject names key in a message: `incident.cadence`, `channel "ops": url`.
func (t table) subject(key string) string { return t.prefix + t.dotted + key }

// fail reports an error about key: subject, a space, then the formatted text.
func (t table) fail(key, format string, args ...any) {
	t.r.errorf(t.at(key), "%s %s", t.subject(key), fmt.Sprintf(format, args...))
}

func (t table) warn(key, format string, args ...any) {
	t.r.warnf(t.at(key), "%s %s", t.subject(key), fmt.Sprintf(format, args...))
}

// only reports every key of t that is not in valid.
func (t table) only(valid []string) {
	for _, key := range sortedKeys(t.m) {
		if !slices.Contains(valid, key) {
			t.unknown(key, valid)
		}
	}
}

// unknown reports key as unknown, suggesting the nearest valid key.
func (t table) unknown(key string, valid []string) {
	msg := fmt.Sprintf("%sunknown key %q", t.prefix, t.dotted+key)
	if s := suggest(key, valid); s != "" {
		msg += fmt.Sprintf("; did you mean %q?", s)
	} else {
		msg += "; remove it (valid here: " + strings.Join(valid, ", ") + ")"
	}
	t.r.errorf(t.at(key), "%s", msg)
}

// value returns the value at key if present and of kind k; a value of
// another type is reported.
func (t table) value(key string, k kind) (any, bool) {
	v, ok := t.m[key]
	if !ok {
		return nil, false
	}
	if !k.accepts(v) {
		t.fail(key, "must be %s, e.g. %s = %s (found %s)", k, key, example(key), typeName(v))
		return nil, false
	}
	return v, true
}

func (t table) str(key string) (string, bool) {
	v, ok := t.value(key, kindString)
	s, _ := v.(string)
	if ok && t.tooLong(key, s) {
		return "", false
	}
	return s, ok
}

func (t table) boolean(key string) (bool, bool) {
	v, ok := t.value(key, kindBool)
	b, _ := v.(bool)
	return b, ok
}

func (t table) list(key string) ([]string, bool) {
	v, ok := t.value(key, kindList)
	items, _ := v.([]any)
	if len(items) > maxListItems {
		t.fail(key, "has %d items; it may have at most %d", len(items), maxListItems)
		return nil, false
	}
	out := make([]string, 0, len(items))
	for _, item := range items {
		s := item.(string) // kindList.accepts checked every item
		if t.tooLong(key, s) {
			return nil, false
		}
		out = append(out, s)
	}
	return out, ok
}

// duration returns a duration of at least 1s, warning below a minute.
func (t table) duration(key string) (time.Duration, bool) {
	v, ok := t.value(key, kindDuration)
	if !ok {
		return 0, false
	}
	s := v.(string)
	d, err := time.ParseDuration(s)
	if err != nil {
		t.fail(key, `= %q is not a duration; write it like "15m", "90s" or "1h30m"`, s)
		return 0, false
	}
	if d < time.Second {
		t.fail(key, `= %q is too short; it must be at least "1s", e.g. %s = %s`, s, key, example(key))
		return 0, false
	}
	if d < time.Minute {
		t.warn(key, "= %q is under a minute: fine for drills and tests, too often for a real incident", s)
	}
	return d, true
}

// kind is the TOML type a key expects.
type kind int

const (
	kindString kind = iota
	kindDuration
	kindBool
	kindList
)

func (k kind) String() string {
	switch k {
	case kindDuration:
		return "a duration in quotes"
	case kindBool:
		return "true or false"
	case kindList:
		return "a list of strings"
	}
	return "a string in quotes"
}

func (k kind) accepts(v any) bool {
	switch k {
	case kindBool:
		_, ok := v.(bool)
		return ok
	case kindList:
		items, ok := v.([]any)
		for _, item := range items {
			if _, isStr := item.(string); !isStr {
				return false
			}
		}
		return ok
	}
	_, ok := v.(string)
	return ok
}

// typeName names a decoded TOML value's type for messages.
func typeName(v any) string {
	switch v := v.(type) {
	case string:
		return "a string"
	case int64:
		return fmt.Sprintf("the number %d", v)
	case float64:
		return fmt.Sprintf("the number %v", v)
	case bool:
		return fmt.Sprintf("%v", v)
	case time.Time:
		return "a date"
	case []any, []map[string]any:
		return "a list"
	case map[string]any:
		return "a table"
	}
	return fmt.Sprintf("%T", v)
}

// example is a sample TOML value for key, shown in type mismatch messages.
func example(key string) string {
	switch key {
	case "cadence", "cadence_sev1", "cadence_sev2", "cadence_sev3", "cadence_sev4":
		return `"15m"`
	case "grace":
		return `"2m"`
	case "engineer":
		return `"Sam"`
	case "timezone":
		return `"Europe/Berlin"`
	case "clock":
		return `"24h"`
	case "listen":
		return `"` + defaultListen + `"`
	case "url", "token", "secret", "password", "slack_token", "api_key":
		return `"keyring:NAME"`
	case "name":
		return `"ops"`
	case "type":
		return `"slack"`
	case "smtp":
		return `"smtp://relay.example.com:587"`
	case "tls":
		return `"starttls"`
	case "from":
		return `"keepcool@example.com"`
	case "to":
		return `["boss@example.com"]`
	case "drill":
		return "false"
	case "desktop":
		return "true"
	}
	return `"…"`
}

func sortedKeys(m map[string]any) []string { return slices.Sorted(maps.Keys(m)) }

func joinPath(a, b string) string {
	if a == "" {
		return b
	}
	return a + "." + b
}

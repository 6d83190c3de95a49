package channeltype

import (
	"fmt"
	"slices"
	"strings"
)

// oneOf is a Check that takes only the given values.
func oneOf(valid []string) func(string) error {
	return func(v string) error {
		if slices.Contains(valid, v) {
			return nil
		}
		return fmt.Errorf("= %q is not one of %s", v, strings.Join(valid, "|"))
	}
}

func emailAddress(v string) error {
	if at := strings.IndexByte(v, '@'); at <= 0 || at == len(v)-1 || strings.ContainsAny(v, " <>,") {
		return fmt.Errorf("= %q is not an email address; use the PagerDuty user's, e.g. oncall@example.com", v)
	}
	return nil
}

func number(v string) error {
	if strings.Trim(v, "0123456789") != "" || strings.TrimLeft(v, "0") == "" {
		return fmt.Errorf("= %q is not a component number; use the id Cachet's dashboard shows, e.g. 3", v)
	}
	return nil
}

// pageID is a Statuspage page id: lowercase letters and digits, as the
// page's API info shows it. Anything else (a reference, a path) would be
// sent as written and fail at the first incident.
func pageID(v string) error {
	if strings.Trim(v, "abcdefghijklmnopqrstuvwxyz0123456789") != "" {
		return fmt.Errorf("= %q is not a Statuspage page id: write it as the page's API info shows it, lowercase letters and digits (e.g. kctbh9vrtdwd)", v)
	}
	return nil
}

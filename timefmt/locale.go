package timefmt

import "strings"

// hour12 reports whether a locale (language_TERRITORY) usually reads a
// 12-hour clock (CLDR's time formats); elsewhere keepcool writes 24-hour.
func hour12(lang, region string) bool {
	if lang == "fr" && region == "CA" { // Québec reads 24 hours
		return false
	}
	switch region {
	case "US", "CA", "AU", "NZ", "PH", "IN", "PK", "BD", "EG", "SA", "JO",
		"MY", "KR", "TW", "CO", "MX", "SV", "HN", "NI", "PR":
		return true
	}
	return false
}

// LocaleClock is the clock the user's locale reads: "12h" for en_US and
// the other 12-hour territories, "24h" for the rest (and for C and POSIX).
// It looks at LC_ALL, then LC_TIME, then LANG, as setlocale(3) does.
func LocaleClock(getenv func(string) string) string {
	locale := ""
	for _, v := range []string{"LC_ALL", "LC_TIME", "LANG"} {
		if locale = getenv(v); locale != "" {
			break
		}
	}
	locale, _, _ = strings.Cut(locale, ".") // en_US.UTF-8
	locale, _, _ = strings.Cut(locale, "@") // de_DE@euro
	lang, region, ok := strings.Cut(locale, "_")
	if !ok || !hour12(lang, region) {
		return "24h"
	}
	return "12h"
}

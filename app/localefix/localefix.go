// Package localefix stops fyne from logging "Error parsing user locale C"
// on every start of keepcool, CLI commands included, under LANG=C.UTF-8
// (the usual locale of containers and CI). fyne's lang package reads the
// locale in its init and cannot parse "C", so this must run first: the
// spec initialises packages in import-path order among those whose
// imports are done, and this one needs only os and strings, which every
// package fyne's lang imports needs too, so it always runs before it.
package localefix

import (
	"os"
	"strings"
)

func init() { Apply(os.Getenv, os.Setenv) }

// Apply sets LANGUAGE=en when the locale is C or POSIX with a codeset
// ("C.UTF-8"). go-locale then reads LANGUAGE instead of failing on "C";
// programs that honour LANGUAGE get English, which the C locale means anyway.
func Apply(getenv func(string) string, setenv func(string, string) error) {
	for _, key := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		v := getenv(key)
		if v == "" {
			continue
		}
		lang, _, _ := strings.Cut(v, ".")
		if v != lang && (lang == "C" || lang == "POSIX") && getenv("LANGUAGE") == "" {
			_ = setenv("LANGUAGE", "en")
		}
		return
	}
}

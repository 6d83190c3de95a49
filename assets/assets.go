// Package assets holds keepcool's one icon source, icon.svg, embedded for
// the binaries, and the icons generated from it for every platform (see
// icons/ and `go generate ./assets`).
package assets

//go:generate go run ./gen

import _ "embed"

// IconSVG is the application icon: a pulse that settles into a calm line.
//
//go:embed icon.svg
var IconSVG []byte

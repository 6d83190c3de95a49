// Package packaging holds keepcool's desktop integration files and the tests
// that check `make install` and `make uninstall` put exactly them in place.
//
// Files:
//   - io.keepcool.keepcool.desktop: the launcher entry. `make install` writes it
//     with Exec set to the installed binary's full path, and a copy with
//     X-GNOME-Autostart-enabled=true into the autostart directory.
//
// The icons are not here: assets/icon.svg is the one source, and
// `go generate ./assets` renders it into assets/icons/ (PNGs from 16 to 1024
// px, keepcool.ico, keepcool.icns). FyneApp.toml's Icon is
// assets/icons/keepcool-512.png, which `fyne package` wants as a raster.
//
// FyneApp.toml carries no comments because `fyne package` rewrites it (and
// bumps Details.Build) on every run; `fyne package -os linux` with fyne.io/tools
// v1.7.4 accepts it and builds keepcool.tar.xz.
//
// The Go package itself is empty: it exists so `go test ./...` runs the tests.
// The install test is Linux-only, as `make install` targets freedesktop desktops.
package packaging

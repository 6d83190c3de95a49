// Package packaging holds keepcool's desktop integration files and the tests
// that check `make install` and `make uninstall` put exactly them in place.
//
// Files:
//   - io.keepcool.keepcool.desktop: the launcher entry. `make install` writes it
//     with Exec set to the installed binary's full path, and a copy with
//     X-GNOME-Autostart-enabled=true into the autostart directory.
//   - icon.png: app/icon.svg at 512×512, for `fyne package` (FyneApp.toml at the
//     repository root), which wants a raster icon. ImageMagick here has no SVG
//     delegate, so it was rendered with github.com/fyne-io/oksvg (the
//     rasteriser fyne uses) after turning the rounded rect into a path, as that
//     oksvg ignores rx. Re-render it when app/icon.svg changes.
//
// FyneApp.toml carries no comments because `fyne package` rewrites it (and
// bumps Details.Build) on every run; `fyne package -os linux` with fyne.io/tools
// v1.7.4 accepts it and builds keepcool.tar.xz.
//
// The Go package itself is empty: it exists so `go test ./...` runs the tests.
// The install test is Linux-only, as `make install` targets freedesktop desktops.
package packaging

#!/usr/bin/env bash
# The Windows (amd64) artifacts of make dist: keepcool-$VERSION-windows-amd64.zip
# and keepcool-$VERSION-windows-amd64-setup.exe in $DIST. Called by
# scripts/dist.sh (which exports VERSION, COMMIT, DATE, LDFLAGS, DIST, BUILD).
#
# Three executables, each with the icon, a version resource and a manifest
# (go-winres, from packaging/windows/winres.json.in):
#   keepcool.exe      the CLI and engine, console subsystem (cmd and PowerShell
#                     wait for it and show its output)
#   keepcoolw.exe     the same program linked with -H windowsgui: the tray,
#                     as the Start menu and autostart run it, with no console
#   keepcool-gui.exe  the fyne windows (cgo, cross-compiled with mingw-w64)
# The resources (.syso) are linked from a scratch copy of the source, so the
# work tree never holds one that `make cross` or another build would pick up.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${VERSION:?run me through make dist}" "${LDFLAGS:?run me through make dist}" "${DIST:?}" "${BUILD:?}"

ICON=assets/icons/keepcool.ico
# Where make deps installs go-winres: the Makefile exports TOOLBIN; run by
# hand, the same GOBIN-or-GOPATH/bin it resolves.
TOOLBIN=${TOOLBIN:-$(go env GOBIN)}
GOWINRES=${TOOLBIN:-$(go env GOPATH)/bin}/go-winres
for need in "$ICON" "$GOWINRES"; do
  [[ -e $need ]] || { echo "dist-windows: $need is missing: run make deps (go-winres) and go generate ./assets (the icon)" >&2; exit 1; }
done
for tool in makensis zip x86_64-w64-mingw32-gcc; do
  command -v "$tool" >/dev/null || { echo "dist-windows: $tool is missing: run make deps (Debian: nsis, zip, gcc-mingw-w64-x86-64)" >&2; exit 1; }
done

# Windows wants four numbers: 0.1.0-rc.1 is 0.1.0.0 there (the strings keep
# the full version).
VERSION4=${VERSION%%-*}.0
WIN=$BUILD/windows
SRC=$WIN/src
NAME=keepcool-$VERSION
STAGE=$WIN/stage/$NAME
rm -rf "$WIN"
mkdir -p "$SRC" "$STAGE"
# The copy is a second module tree under build/: gone once the binaries are.
trap 'rm -rf "$SRC"' EXIT

# The scratch copy: the work tree's files git knows or would add, without
# the build outputs. -trimpath keeps its path out of the binaries (and lets
# the build cache serve it).
git ls-files -z --cached --others --exclude-standard -- . ':!build' ':!dist' ':!bin' |
  while IFS= read -r -d '' f; do
    # if, not &&: a missing last path would end the loop with status 1, and
    # pipefail with set -e would stop the script without a word.
    if [[ -e $f ]]; then printf '%s\0' "$f"; fi
  done |
  xargs -0 cp --parents -t "$SRC" --

# resources NAME DESCRIPTION DIR: the .syso that gives NAME.exe its icon,
# version and manifest, placed in package directory DIR of the scratch copy.
resources() {
  local name=$1 description=$2 dir=$3 res=$WIN/res-$1
  mkdir -p "$res"
  cp "$ICON" "$res/keepcool.ico"
  sed -e "s|@ICON@|keepcool.ico|" -e "s|@DESCRIPTION@|$description|" \
    -e "s|@VERSION4@|$VERSION4|" -e "s|@VERSION@|$VERSION|" -e "s|@NAME@|$name|" \
    packaging/windows/winres.json.in > "$res/winres.json"
  rm -f "$SRC/$dir"/*.syso
  "$GOWINRES" make --in "$res/winres.json" --arch amd64 --out "$SRC/$dir/rsrc"
}

# -buildvcs=false: the stamp is LDFLAGS's; the scratch copy lies under the
# work tree, whose .git go would otherwise stamp (and its dirty state);
# set here rather than left to a machine's GOFLAGS, so every machine (and CI)
# builds the same bytes.
build() { # build NAME PACKAGE [go build flags...]
  local name=$1 pkg=$2
  shift 2
  (cd "$SRC" && GOOS=windows GOARCH=amd64 go build -trimpath -buildvcs=false "$@" -o "$STAGE/$name.exe" "$pkg")
}

echo "dist-windows: keepcool.exe, keepcoolw.exe"
resources keepcool "keepcool (command line and engine)" .
CGO_ENABLED=0 build keepcool . -ldflags "-s -w $LDFLAGS"
resources keepcoolw "keepcool (tray)" .
CGO_ENABLED=0 build keepcoolw . -ldflags "-s -w -H windowsgui $LDFLAGS"
echo "dist-windows: keepcool-gui.exe (cgo with mingw-w64: minutes on a cold build cache)"
resources keepcool-gui "keepcool windows" cmd/keepcool-gui
CGO_ENABLED=1 CC=x86_64-w64-mingw32-gcc build keepcool-gui ./cmd/keepcool-gui -ldflags "-s -w -H windowsgui $LDFLAGS"

cp LICENSE "$STAGE/LICENSE.txt"
cp README.md CHANGELOG.md "$STAGE/"

# Reproducible: every file dated at the commit (DATE, UTC), names sorted, no
# directory entries and no extra fields (-X: uid/gid, extended times).
stamp=${DATE:-unknown}
[[ $stamp == unknown ]] && stamp=1980-01-01T00:00:00Z
find "$STAGE" -exec env TZ=UTC touch -d "$stamp" {} +
zipfile=$DIST/$NAME-windows-amd64.zip
rm -f "$zipfile"
(cd "$WIN/stage" && find "$NAME" -type f | LC_ALL=C sort | TZ=UTC zip -q -X -D -9 "$zipfile" -@)

echo "dist-windows: installer"
# -WX: a warning in the script is an error, so it is seen here, not by users.
makensis -V2 -WX -DVERSION="$VERSION" -DVERSION4="$VERSION4" -DSRCDIR="$STAGE" \
  -DICON="$PWD/$ICON" -DOUTFILE="$DIST/$NAME-windows-amd64-setup.exe" packaging/windows/keepcool.nsi

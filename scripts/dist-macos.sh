#!/usr/bin/env bash
# macOS's artifacts: keepcool.app (the tray and engine as its executable,
# keepcool-gui beside it, menu bar only), zipped and in a .dmg, in dist/.
# Runs on a macOS runner (.github/workflows/ci.yml): there is no macOS SDK
# on Linux, and the tray links Cocoa through cgo. Written for macOS's own
# bash 3.2 and its tools (ditto, PlistBuddy, codesign, hdiutil); installs
# nothing but the pinned fyne packaging tool into the Go cache.
#
# Run through make (which exports VERSION, COMMIT, DATE and LDFLAGS):
#   make dist-macos VERSION=x.y.z
set -euo pipefail
cd "$(dirname "$0")/.."
: "${LDFLAGS:?run me through make (see the top of this script)}"
# The same pattern as scripts/dist.sh and ci.yml's version job.
if ! [[ "${VERSION:-}" =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.]+)?$ ]]; then
  echo "dist-macos: VERSION=${VERSION:-} is not a release version: pass VERSION=x.y.z (e.g. 0.1.0)" >&2
  exit 2
fi
if [ "$(uname -s)" != Darwin ]; then
  echo "dist-macos: builds only on macOS (cgo against Cocoa, codesign, hdiutil); CI's macos job runs it" >&2
  exit 2
fi

# fyne.io/tools as packaging/doc.go records; `go run pkg@version` builds it
# into the Go cache without touching go.mod.
FYNE_TOOLS=fyne.io/tools/cmd/fyne@v1.7.4
DIST=${DIST:-$PWD/dist}
BUILD=${BUILD:-$PWD/build/dist}
arch=$(go env GOARCH)
# Apple wants CFBundleShortVersionString and CFBundleVersion as up to three
# integers: a pre-release (0.0.0-ci.7) is 0.0.0 there; --version says it all.
plain=${VERSION%%-*}
out=$BUILD/macos
app=$out/keepcool.app
name=keepcool-$VERSION-macos-$arch
rm -rf "$out"
mkdir -p "$out/bin" "$out/src" "$DIST"

# keepcool: CGO_ENABLED=1, as the menu-bar icon (fyne.io/systray) is Cocoa
# through cgo (Makefile's CORE_CGO); a cgo-free build would run without one.
# -buildvcs=false: the stamp is LDFLAGS', and Go's own would differ per checkout.
CGO_ENABLED=1 go build -buildvcs=false -trimpath -ldflags "-s -w $LDFLAGS" -o "$out/bin/keepcool" .
CGO_ENABLED=1 go build -buildvcs=false -trimpath -ldflags "-s -w $LDFLAGS" -o "$out/bin/keepcool-gui" ./cmd/keepcool-gui

# fyne package wraps the prebuilt keepcool (--executable) into keepcool.app in
# the current directory. It wants Go code in --src even then (hasGoCode), and
# bumps Details.Build in --src's FyneApp.toml: so --src is a scratch copy and
# the committed FyneApp.toml stays as it is. Its icon.icns is made from the
# 1024-pixel PNG (fyne renders macOS's rounded-square shape at 1024×1024, so
# the 512 one would be scaled up); assets/icons/keepcool.icns is not used.
cp FyneApp.toml go.mod main.go "$out/src/"
icon=$PWD/assets/icons/keepcool-1024.png
(cd "$out" && go run "$FYNE_TOOLS" package --target darwin --src "$out/src" \
  --executable "$out/bin/keepcool" --name keepcool --app-id io.keepcool.keepcool \
  --icon "$icon" --app-version "$plain" --release)
[ -x "$app/Contents/MacOS/keepcool" ] || { echo "dist-macos: fyne package made no $app" >&2; exit 1; }

# keepcool finds keepcool-gui beside its own executable (cli/window.go findGUI).
cp "$out/bin/keepcool-gui" "$app/Contents/MacOS/keepcool-gui"
res=$app/Contents/Resources
cp packaging/macos/io.keepcool.keepcool.plist "$res/"
cp packaging/macos/LaunchAgent.txt "$res/"
if [ -f LICENSE ]; then cp LICENSE "$res/LICENSE"; fi

# Info.plist: menu bar only (LSUIElement, from Info.additions.plist), the
# version, a category fyne leaves empty, and the macOS Go itself needs
# (fyne's template says 10.11; Go 1.25 and later run on macOS 12 and up).
plist=$app/Contents/Info.plist
pb=/usr/libexec/PlistBuddy
"$pb" -c "Merge packaging/macos/Info.additions.plist" "$plist"
"$pb" -c "Set :CFBundleShortVersionString $plain" "$plist"
"$pb" -c "Set :CFBundleVersion $plain" "$plist"
"$pb" -c "Set :LSApplicationCategoryType public.app-category.developer-tools" "$plist"
"$pb" -c "Set :LSMinimumSystemVersion 12.0" "$plist"
plutil -lint "$plist" "$res/io.keepcool.keepcool.plist"
[ "$("$pb" -c "Print :LSUIElement" "$plist")" = true ] || { echo "dist-macos: LSUIElement is not set in $plist" >&2; exit 1; }

# Ad-hoc signature: arm64 macOS runs no unsigned code, and a signature made
# before the edits above would no longer match. The helper first, then the
# bundle without --deep, which would sign the helper again and replace its
# identifier; no identity, so Gatekeeper still asks (README: Install on macOS).
codesign --force -s - --identifier io.keepcool.keepcool.gui "$app/Contents/MacOS/keepcool-gui"
codesign --force -s - "$app"
codesign --verify --deep --strict --verbose=2 "$app"

# Both binaries run and say the version make stamped.
for exe in keepcool keepcool-gui; do
  got=$("$app/Contents/MacOS/$exe" --version)
  case $got in
  "$exe $VERSION "*) echo "dist-macos: $exe --version: $got" ;;
  *) echo "dist-macos: $exe --version says \"$got\", want $exe $VERSION" >&2; exit 1 ;;
  esac
done

rm -f "$DIST/$name.zip" "$DIST/$name.dmg"
ditto -c -k --keepParent "$app" "$DIST/$name.zip"

# The .dmg: the app and a link to /Applications to drag it onto.
stage=$out/dmg
mkdir -p "$stage"
ditto "$app" "$stage/keepcool.app"
ln -s /Applications "$stage/Applications"
# hdiutil create fails now and then with "Resource busy" on CI's macOS
# images (a race with a disk-image helper): try a few times.
tries=0
until hdiutil create -volname keepcool -srcfolder "$stage" -ov -format UDZO "$DIST/$name.dmg"; do
  tries=$((tries + 1))
  if [ "$tries" -ge 5 ]; then
    echo "dist-macos: hdiutil create failed $tries times" >&2
    exit 1
  fi
  echo "dist-macos: hdiutil create failed, trying again in $((tries * 5))s" >&2
  sleep $((tries * 5))
done
hdiutil verify "$DIST/$name.dmg"

# SHA256SUMS over what this machine made, in sha256sum's format; the release
# job merges it with the Linux and Windows ones.
(cd "$DIST" && shasum -a 256 "$name.zip" "$name.dmg" > SHA256SUMS)
ls -l "$DIST"

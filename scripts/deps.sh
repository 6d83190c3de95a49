#!/usr/bin/env bash
# Installs what building and testing keepcool needs on a Debian/Ubuntu machine.
# Idempotent: each step is skipped when what it installs is already present.
set -euo pipefail

# Debian packages: the cgo toolchain and GL/X headers fyne needs (the tray and
# window issues), plus the real parts the tests drive: an X server, a session
# bus, gsettings/gdbus, a keyring, xdotool, imagemagick, Chromium and wrk,
# desktop-file-validate (packaging tests); for `make dist` and its check: the
# Windows cross-compiler, NSIS, rpm (to read the .rpm back), icoutils and
# icnsutils (to read the .ico and .icns back), and shellcheck (actionlint runs
# it over the workflow's scripts); zsh and fish parse the completions;
# lintian checks the .deb as Debian would.
PKGS=(gcc pkg-config libgl1-mesa-dev xorg-dev
      xvfb dbus dbus-x11 libglib2.0-bin dconf-service gsettings-desktop-schemas
      gnome-keyring libsecret-tools xdotool imagemagick chromium wrk nginx-light procps
      desktop-file-utils openbox python3-tk x11-utils
      gcc-mingw-w64-x86-64 nsis rpm icoutils icnsutils shellcheck zip unzip zsh fish lintian)

# Ubuntu ships Chromium only as a snap, behind the chromium-browser package.
if grep -qs '^ID=ubuntu' /etc/os-release; then
  PKGS=("${PKGS[@]/#chromium/chromium-browser}")
fi

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null; then
    echo "deps: missing ${missing[*]} and apt-get is not available; install them with your package manager" >&2
    exit 1
  fi
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "deps: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Go tools, pinned so every machine runs the same ones.
GOBIN="$(go env GOBIN)"
[ -n "$GOBIN" ] || GOBIN="$(go env GOPATH)/bin"
install_tool() { # name module@version
  if [ ! -x "$GOBIN/$1" ] || ! go version -m "$GOBIN/$1" 2>/dev/null | grep -q "${2#*@}"; then
    echo "deps: go install $2"
    go install "$2"
  fi
}
install_tool staticcheck honnef.co/go/tools/cmd/staticcheck@v0.8.2
install_tool mailpit github.com/axllent/mailpit@v1.27.11
install_tool nfpm github.com/goreleaser/nfpm/v2/cmd/nfpm@v2.45.2
install_tool go-winres github.com/tc-hib/go-winres@v0.3.3
install_tool actionlint github.com/rhysd/actionlint/cmd/actionlint@v1.7.12
go mod download

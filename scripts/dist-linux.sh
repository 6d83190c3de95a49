#!/usr/bin/env bash
# Linux artifacts for make dist (called by scripts/dist.sh, which exports
# VERSION, COMMIT, DATE, LDFLAGS, DIST and BUILD, and has generated the man
# pages and completions into $BUILD/docs): for this machine's GOARCH, both
# binaries, a .deb and an .rpm (nfpm, packaging/linux/nfpm.yaml) and a
# .tar.gz, all from one staged tree so the three hold the same files.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${VERSION:?run me through make dist}" "${LDFLAGS:?run me through make dist}"
: "${DIST:?run me through make dist}" "${BUILD:?run me through make dist}"

APP_ID=io.keepcool.keepcool
ARCH=$(go env GOARCH)
# make deps installs nfpm into the Makefile's GOBIN, which make exports as
# TOOLBIN; run by hand, go install's own choice: GOBIN, else GOPATH/bin.
TOOLBIN=${TOOLBIN:-$(go env GOBIN)}
NFPM=${TOOLBIN:-$(go env GOPATH)/bin}/nfpm
DOCS=$BUILD/docs
STAGE=$BUILD/linux/stage
# The hicolor sizes installed: assets/gen's PNGSizes without 1024 (hicolor
# has no 1024x1024). Keep in sync with shareFiles in
# packaging/distcheck/linux_test.go.
SIZES=(16 22 24 32 48 64 128 256 512)

missing=()
for f in LICENSE README.md CHANGELOG.md assets/icon.svg "packaging/$APP_ID.desktop" \
  "$DOCS/man/man1/keepcool.1" "$DOCS/completions/keepcool.bash" \
  "$DOCS/completions/_keepcool" "$DOCS/completions/keepcool.fish"; do
  [[ -f $f ]] || missing+=("$f")
done
for n in "${SIZES[@]}"; do
  [[ -f assets/icons/keepcool-$n.png ]] || missing+=("assets/icons/keepcool-$n.png")
done
if ((${#missing[@]})); then
  echo "dist-linux: missing ${missing[*]}: LICENSE, README.md and CHANGELOG.md belong at the" \
    "repository root, icons come from go generate ./assets, docs from packaging/gendocs" >&2
  exit 1
fi
if [[ ! -x $NFPM ]]; then
  echo "dist-linux: $NFPM not found: run make deps" >&2
  exit 1
fi

# One timestamp for everything in the tarball and for gzip'd man pages:
# the commit's date (make's DATE), so a rebuild of a commit is the same.
if [[ -z ${SOURCE_DATE_EPOCH:-} ]]; then
  if [[ ${DATE:-unknown} != unknown ]]; then
    SOURCE_DATE_EPOCH=$(date -u -d "$DATE" +%s)
  else
    SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)
  fi
fi
export SOURCE_DATE_EPOCH

rm -rf "$BUILD/linux"
mkdir -p "$STAGE/bin"
# -trimpath and -s -w: no build paths or symbol tables in a release binary.
# -buildvcs=false: the version stamp comes from LDFLAGS, and VCS stamping
# would make a build from a dirty tree differ from a clean one's.
build() { go build -trimpath -buildvcs=false -ldflags "-s -w $LDFLAGS" "$@"; }
CGO_ENABLED=0 build -o "$STAGE/bin/keepcool" .
# PIE, as Debian builds its own binaries (address-space randomisation);
# keepcool is static and cgo-free, where Go's PIE would need a dynamic loader.
CGO_ENABLED=1 build -buildmode=pie -o "$STAGE/bin/keepcool-gui" ./cmd/keepcool-gui

share=$STAGE/share
install -D -m 0644 "packaging/$APP_ID.desktop" "$share/applications/$APP_ID.desktop"
install -D -m 0644 assets/icon.svg "$share/icons/hicolor/scalable/apps/$APP_ID.svg"
for n in "${SIZES[@]}"; do
  install -D -m 0644 "assets/icons/keepcool-$n.png" "$share/icons/hicolor/${n}x$n/apps/$APP_ID.png"
done
mkdir -p "$share/man/man1"
for page in "$DOCS"/man/man1/*.1; do
  gzip -9 -n -c "$page" > "$share/man/man1/$(basename "$page").gz"
done
install -D -m 0644 "$DOCS/completions/keepcool.bash" "$share/bash-completion/completions/keepcool"
install -D -m 0644 "$DOCS/completions/_keepcool" "$share/zsh/vendor-completions/_keepcool"
install -D -m 0644 "$DOCS/completions/keepcool.fish" "$share/fish/vendor_completions.d/keepcool.fish"
# The autostart entry is the launcher with the GNOME key; Exec=keepcool
# finds /usr/bin on every session's PATH.
autostart=$STAGE/etc/xdg/autostart/$APP_ID.desktop
mkdir -p "$(dirname "$autostart")"
{ sed -e '/^Actions=/d' -e '/^$/,$d' "packaging/$APP_ID.desktop"; echo X-GNOME-Autostart-enabled=true; } > "$autostart"
chmod 0644 "$autostart"
# A .deb without a Debian revision is a native package, whose
# doc/PACKAGE/changelog.gz must be a Debian changelog (lintian no-changelog,
# and syntax-error-in-debian-changelog for CHANGELOG.md gzipped): one entry
# for this version, pointing to CHANGELOG.md, which the .deb ships too.
# Version as nfpm writes it (a pre-release's "-" is "~"), maintainer as
# nfpm.yaml has it. Outside share/: the tarball copies share/ as is.
maintainer=$(sed -n 's/^maintainer: //p' packaging/linux/nfpm.yaml)
mkdir -p "$STAGE/doc"
{
  printf 'keepcool (%s) unstable; urgency=medium\n\n' "${VERSION/-/\~}"
  printf '  * Release %s: see /usr/share/doc/keepcool/CHANGELOG.md.\n\n' "$VERSION"
  printf ' -- %s  %s\n' "$maintainer" "$(LC_ALL=C date -u -R -d "@$SOURCE_DATE_EPOCH")"
} | gzip -9 -n > "$STAGE/doc/changelog.gz"

# The names make dist-check expects: Debian's arch is GOARCH, rpm's is uname's.
# Keep in sync with rpmArch in packaging/distcheck/linux_test.go.
# VERSION stays as given in the names (0.1.0-rc.1), while nfpm writes a
# pre-release inside the packages as 0.1.0~rc.1.
case $ARCH in
amd64) rpmarch=x86_64 ;;
arm64) rpmarch=aarch64 ;;
*) rpmarch=$ARCH ;;
esac
deb=keepcool_${VERSION}_$ARCH.deb
rpm=keepcool-$VERSION-1.$rpmarch.rpm
export VERSION ARCH STAGE
"$NFPM" package --config packaging/linux/nfpm.yaml --packager deb --target "$DIST/$deb"
"$NFPM" package --config packaging/linux/nfpm.yaml --packager rpm --target "$DIST/$rpm"

# The tarball: bin/ and share/ as the packages install them under /usr;
# INSTALL says where to copy them and how to turn on autostart.
name=keepcool-$VERSION-linux-$ARCH
top=$BUILD/linux/$name
mkdir -p "$top"
cp -a "$STAGE/bin" "$STAGE/share" "$top/"
cp LICENSE README.md CHANGELOG.md packaging/linux/INSTALL "$top/"
chmod -R u=rwX,go=rX "$top"
tar -C "$BUILD/linux" --sort=name --owner=0 --group=0 --numeric-owner \
  --mtime="@$SOURCE_DATE_EPOCH" --format=gnu -cf - "$name" | gzip -9 -n > "$DIST/$name.tar.gz"
echo "dist-linux: $deb $rpm $name.tar.gz"

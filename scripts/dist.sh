#!/usr/bin/env bash
# make dist VERSION=x.y.z: every artifact this machine can build, in dist/,
# and SHA256SUMS over them. Called by make, which exports VERSION, COMMIT,
# DATE and LDFLAGS (internal/buildinfo's stamp). DIST_TARGETS picks the
# platforms (default: linux windows; a runner without mingw sets linux).
# macOS's .app is built on a macOS runner by scripts/dist-macos.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${LDFLAGS:?run me through make dist}"
# The same pattern as scripts/dist-macos.sh and ci.yml's version job.
if ! [[ "${VERSION:-}" =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.]+)?$ ]]; then
  echo "dist: VERSION=${VERSION:-} is not a release version: run make dist VERSION=x.y.z (e.g. 0.1.0)" >&2
  exit 2
fi
# A release is a commit: what is built must be what --version names.
if [[ "${COMMIT:-}" == *-dirty ]] && [ "${DIST_ALLOW_DIRTY:-}" != 1 ]; then
  echo "dist: the work tree has uncommitted changes (git status), so the artifacts would not be commit ${COMMIT%-dirty}: commit or stash them, or set DIST_ALLOW_DIRTY=1 for a trial build (stamped ${COMMIT})" >&2
  exit 2
fi
export DIST=$PWD/dist BUILD=$PWD/build/dist
rm -rf "$DIST" "$BUILD"
mkdir -p "$DIST" "$BUILD"
echo "$VERSION" > "$BUILD/VERSION" # what make dist-check checks when not told
# Man pages and shell completions, generated from the CLI's cobra commands.
go run ./packaging/gendocs -out "$BUILD/docs"
for target in ${DIST_TARGETS:-linux windows}; do
  echo "dist: $target"
  bash "scripts/dist-$target.sh"
done
sums=$(cd "$DIST" && find . -maxdepth 1 -type f -printf '%f\n' | LC_ALL=C sort | xargs -r sha256sum --)
printf '%s\n' "$sums" > "$DIST/SHA256SUMS"
echo "dist: $(find "$DIST" -maxdepth 1 -type f | wc -l) files in dist/"
(cd "$DIST" && ls -l)

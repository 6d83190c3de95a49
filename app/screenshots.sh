#!/usr/bin/env bash
# Regenerates docs/window-*.png: the real binary against a real daemon under
# Xvfb, a private session bus and keyring (see app/screenshots_test.go). Look
# at every picture afterwards. (How fast windows appear: bench/footprint.)
set -euo pipefail
cd "$(dirname "$0")/.."
KEEPCOOL_SCREENSHOTS=1 go test -count=1 -v -timeout 10m -run '^TestScreenshots$' ./app/ | grep -v '^=== '

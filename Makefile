# keepcool — every target installs what it needs first (make deps is idempotent).
SHELL := /bin/bash
export LANG ?= C.UTF-8
GOBIN := $(or $(shell go env GOBIN),$(shell go env GOPATH)/bin)
# Where make deps put the tools (nfpm, go-winres, actionlint): the dist scripts run them from there.
export TOOLBIN := $(GOBIN)
BIN := bin/keepcool
GUI := bin/keepcool-gui
# keepcool (engine, tray, CLI) links no C on Linux and Windows, so it builds
# static there; macOS's tray needs cgo. keepcool-gui is fyne: cgo everywhere.
GOOS := $(shell go env GOOS)
CORE_CGO := $(if $(filter darwin,$(GOOS)),1,0)
# What --version says (internal/buildinfo): a release's VERSION comes from
# `make dist VERSION=x.y.z` or a v* tag; the commit and its date (UTC, so a
# rebuild of the same commit is byte-for-byte the same) from git.
VERSION ?= $(or $(shell git describe --tags --match 'v[0-9]*' --dirty 2>/dev/null | sed 's/^v//'),dev)
# A tree with uncommitted changes is not that commit: its stamp says -dirty,
# and make dist refuses it (scripts/dist.sh).
COMMIT := $(or $(shell git rev-parse --short=12 HEAD 2>/dev/null),unknown)$(if $(shell git status --porcelain 2>/dev/null | head -1),-dirty)
DATE := $(or $(shell TZ=UTC git log -1 --format=%cd --date=format-local:%Y-%m-%dT%H:%M:%SZ 2>/dev/null),unknown)
BUILDINFO := github.com/keepcool/keepcool/internal/buildinfo
LDFLAGS := -X $(BUILDINFO).version=$(VERSION) -X $(BUILDINFO).commit=$(COMMIT) -X $(BUILDINFO).date=$(DATE)
export VERSION COMMIT DATE LDFLAGS
# Packages that must build without cgo on every OS (everything but the GUI).
CGO_FREE := ./incident/... ./schedule/... ./config/... ./engine/... ./updates/... ./focus/... ./cli/... ./app/window .

.PHONY: all deps build run test test-short fuzz bench bench-growth lint cross clean install uninstall dist dist-check dist-macos

all: build

deps:
	@bash scripts/deps.sh

build:
	CGO_ENABLED=$(CORE_CGO) go build -ldflags '$(LDFLAGS)' -o $(BIN) .
	CGO_ENABLED=1 go build -ldflags '$(LDFLAGS)' -o $(GUI) ./cmd/keepcool-gui

run: deps build
	./$(BIN)

test: deps
	go test -race -count=1 -timeout 20m ./...

# Each fuzz target for a short while (go test allows one -fuzz target per run).
fuzz:
	go test -run '^$$' -fuzz '^FuzzParseEstimate$$' -fuzztime 30s ./incident/
	go test -run '^$$' -fuzz '^FuzzReplay$$' -fuzztime 30s ./incident/
	go test -run '^$$' -fuzz '^FuzzParse$$' -fuzztime 30s ./config/

bench: deps build
	go test -run '^$$' -bench . -benchmem -count 5 ./incident/ ./schedule/
	go run ./bench/journal -n 2000
	go run ./bench/coldstart -bin ./$(BIN) -n 100
	go run ./bench/fanout -endpoints 20 -delay 200ms -n 10
	go run ./bench/sse -clients 1000 -n 10
	bash bench/statuspage.sh ./$(BIN)
	go run ./bench/growth -bin ./$(BIN)
	go run ./bench/footprint -bin ./$(BIN) -idle 5m -n 10

# How the hot paths grow with the incident (issue #10): 100, 1,000 and 10,000
# notes, 1,000 past incidents; a few minutes. Needs only the engine binary.
bench-growth: deps
	CGO_ENABLED=$(CORE_CGO) go build -o $(BIN) .
	go run ./bench/growth -bin ./$(BIN)

lint: deps
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	go vet ./...
	$(GOBIN)/staticcheck ./...
	$(GOBIN)/actionlint

cross:
	for os in darwin windows; do CGO_ENABLED=0 GOOS=$$os go build $(CGO_FREE) || exit 1; done

# A release: every Linux and Windows artifact, and SHA256SUMS, in dist/
# (macOS's are built by .github/workflows/ci.yml on a macOS runner).
dist: deps
	bash scripts/dist.sh

# macOS's keepcool.app, .zip and .dmg, on a Mac (CI's macos job): no deps,
# which installs Debian packages.
dist-macos:
	bash scripts/dist-macos.sh

# Inspects what `make dist` made: package contents, an install and removal
# of the .deb, the .exe files' PE headers and resources, the installer.
# Without VERSION= it checks the version the last make dist was given.
dist-check: deps
	@v="$(if $(filter command line,$(origin VERSION)),$(VERSION),$$(cat build/dist/VERSION 2>/dev/null || echo $(VERSION)))"; \
	echo "dist-check: version $$v"; \
	go test -count=1 -tags distcheck ./packaging/distcheck/ -args -dist "$(CURDIR)/dist" -version "$$v"

clean:
	rm -rf bin build dist

# Desktop integration on Linux (freedesktop paths). PREFIX defaults to a per-user
# install; packagers set PREFIX=/usr DESTDIR=... AUTOSTARTDIR=/etc/xdg/autostart.
# The installed entries name the binary by its full path because a session's
# autostart PATH often lacks ~/.local/bin.
PREFIX ?= $(HOME)/.local
AUTOSTARTDIR ?= $(or $(XDG_CONFIG_HOME),$(HOME)/.config)/autostart
APP_ID := io.keepcool.keepcool
INSTALLED := "$(DESTDIR)$(PREFIX)/bin/keepcool" \
	"$(DESTDIR)$(PREFIX)/bin/keepcool-gui" \
	"$(DESTDIR)$(PREFIX)/share/applications/$(APP_ID).desktop" \
	"$(DESTDIR)$(PREFIX)/share/icons/hicolor/scalable/apps/$(APP_ID).svg" \
	"$(DESTDIR)$(AUTOSTARTDIR)/$(APP_ID).desktop"
EXEC_SED := s|^Exec=keepcool\b|Exec=$(PREFIX)/bin/keepcool|
# The autostart entry is the launcher's main group (no actions) with GNOME's key.
AUTOSTART_SED := -e '/^Actions=/d' -e '/^$$/,$$d'

install: build
	install -D -m 0755 $(BIN) "$(DESTDIR)$(PREFIX)/bin/keepcool"
	install -D -m 0755 $(GUI) "$(DESTDIR)$(PREFIX)/bin/keepcool-gui"
	install -D -m 0644 assets/icon.svg "$(DESTDIR)$(PREFIX)/share/icons/hicolor/scalable/apps/$(APP_ID).svg"
	install -d "$(DESTDIR)$(PREFIX)/share/applications" "$(DESTDIR)$(AUTOSTARTDIR)"
	sed -e '$(EXEC_SED)' packaging/$(APP_ID).desktop > "$(DESTDIR)$(PREFIX)/share/applications/$(APP_ID).desktop"
	{ sed -e '$(EXEC_SED)' $(AUTOSTART_SED) packaging/$(APP_ID).desktop; echo X-GNOME-Autostart-enabled=true; } > "$(DESTDIR)$(AUTOSTARTDIR)/$(APP_ID).desktop"
	@$(refresh-caches)

uninstall:
	rm -f $(INSTALLED)
	@$(refresh-caches)
	@$(leftovers)

# What no uninstall removes, because it is the user's: said, with the command
# that removes it too (scripts/leftovers.sh; the packages' pre-remove script
# and the Windows uninstaller say the same in their own words).
define leftovers
bash scripts/leftovers.sh
endef

# Icon themes with a cache ignore new icons until it is refreshed; only for a
# live install (not into DESTDIR), only a cache that exists, and never fatal.
define refresh-caches
cache="$(PREFIX)/share/icons/hicolor/icon-theme.cache"; \
if [ -z "$(DESTDIR)" ] && [ -f "$$cache" ] && command -v gtk-update-icon-cache >/dev/null; then \
  gtk-update-icon-cache -q -t -f "$(PREFIX)/share/icons/hicolor" || true; \
fi
endef

# macOS's `make dist`, read after the Makefile on a macOS runner:
#   make -f Makefile -f packaging/macos/dist.mk dist-macos VERSION=x.y.z
# The Makefile exports VERSION, COMMIT, DATE and LDFLAGS; its dist target
# can't run there, as `make deps` installs Debian packages.
.PHONY: dist-macos
dist-macos:
	bash scripts/dist-macos.sh

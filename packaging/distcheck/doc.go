// Package distcheck inspects what `make dist` made. Its tests carry the
// distcheck build tag, so `go test ./...` skips them; `make dist-check` runs
// them against dist/ after a `make dist`:
//
//	make dist VERSION=0.1.0 && make dist-check VERSION=0.1.0
package distcheck

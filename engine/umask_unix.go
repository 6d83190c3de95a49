//go:build !windows

package engine

import (
	"net"
	"syscall"
)

// listenUnix creates the socket with no permissions for group and others
// from the first instant, rather than fixing them after a window.
func listenUnix(path string) (net.Listener, error) {
	old := syscall.Umask(0o077)
	defer syscall.Umask(old)
	return net.Listen("unix", path)
}

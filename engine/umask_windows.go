//go:build windows

package engine

import "net"

// listenUnix: Windows has no umask; the socket lives in the user's profile.
func listenUnix(path string) (net.Listener, error) { return net.Listen("unix", path) }

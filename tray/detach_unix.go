//go:build !windows

package tray

import (
	"os"
	"os/exec"
	"syscall"
)

// detach puts a window in its own process group: a Ctrl-C meant for the
// engine in a terminal must not close a half-typed note; Close ends
// windows itself.
func detach(cmd *exec.Cmd) { cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} }

func terminate(p *os.Process) { p.Signal(syscall.SIGTERM) }

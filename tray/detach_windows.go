package tray

import (
	"os"
	"os/exec"
	"syscall"
)

// detach gives a window its own process group, so a console Ctrl-C meant
// for the engine does not reach it; Close ends windows itself.
func detach(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{CreationFlags: syscall.CREATE_NEW_PROCESS_GROUP}
}

// terminate kills: Windows has no polite signal for a GUI process.
func terminate(p *os.Process) { p.Kill() }

//go:build cgo && linux && !wayland

package app

/*
#cgo LDFLAGS: -lX11
#include <X11/Xlib.h>
#include <X11/Xatom.h>

// keepcool_no_user_time sets _NET_WM_USER_TIME to 0 on window w and waits
// until the X server has it, on a connection of its own: a window manager
// then maps w without focusing it.
static int keepcool_no_user_time(unsigned long w) {
	Display *d = XOpenDisplay(NULL);
	if (!d) return 0;
	Atom user_time = XInternAtom(d, "_NET_WM_USER_TIME", False);
	long zero = 0;
	XChangeProperty(d, (Window)w, user_time, XA_CARDINAL, 32, PropModeReplace, (unsigned char *)&zero, 1);
	XSync(d, False);
	XCloseDisplay(d);
	return 1;
}
*/
import "C"

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver"
)

func nativeHandle(ctx any) uintptr {
	if x, ok := ctx.(driver.X11WindowContext); ok {
		return x.WindowHandle
	}
	return 0
}

func markNotUserOpened(handle uintptr) {
	if C.keepcool_no_user_time(C.ulong(handle)) == 0 {
		fyne.LogError("cannot reach the X server to keep the prompt from taking the keyboard", nil)
	}
}

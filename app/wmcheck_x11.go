//go:build cgo && linux && !wayland

package app

/*
#cgo LDFLAGS: -lX11
#include <stdlib.h>
#include <X11/Xlib.h>
#include <X11/Xatom.h>

static int keepcool_ignore_errors(Display *d, XErrorEvent *e) { return 0; }

// keepcool_wm_check_window is the window a _NET_SUPPORTING_WM_CHECK
// property on w names, 0 when there is none or w is gone.
static Window keepcool_wm_check_window(Display *d, Window w, Atom check) {
	Atom type; int format; unsigned long n, after; unsigned char *data = NULL;
	Window out = 0;
	if (XGetWindowProperty(d, w, check, 0, 1, False, XA_WINDOW, &type, &format, &n, &after, &data) == Success
	    && type == XA_WINDOW && format == 32 && n == 1) {
		out = *(Window *)data;
	}
	if (data) XFree(data);
	return out;
}

// keepcool_clear_stale_wm_check removes the root window's
// _NET_SUPPORTING_WM_CHECK when the window it names is gone or does not
// name itself back: what a window manager that died leaves behind.
// Returns 1 when it removed it.
static int keepcool_clear_stale_wm_check(void) {
	Display *d = XOpenDisplay(NULL);
	if (!d) return 0;
	int (*old)(Display *, XErrorEvent *) = XSetErrorHandler(keepcool_ignore_errors);
	Atom check = XInternAtom(d, "_NET_SUPPORTING_WM_CHECK", False);
	Window root = DefaultRootWindow(d);
	int removed = 0;
	Window wm = keepcool_wm_check_window(d, root, check);
	if (wm != 0 && keepcool_wm_check_window(d, wm, check) != wm) {
		XDeleteProperty(d, root, check);
		removed = 1;
	}
	XSync(d, False);
	XSetErrorHandler(old);
	XCloseDisplay(d);
	return removed;
}
*/
import "C"

import (
	"fmt"
	"os"
)

// clearStaleWMCheck works around GLFW 3.3 (as fyne 2.7 links it): when a
// window manager died and left _NET_SUPPORTING_WM_CHECK on the root window
// naming a window that is gone, GLFW's start-up takes an X error handler
// and never gives it back, and the next window it makes aborts the process
// (_glfwGrabErrorHandlerX11: assertion failed) — no window, no prompt. The
// property says a window manager is running when none is: removing it is
// what the window manager would have done on its way out.
func clearStaleWMCheck() {
	if C.keepcool_clear_stale_wm_check() == 1 {
		fmt.Fprintln(os.Stderr, "keepcool-gui: the window manager that was running has gone (it left _NET_SUPPORTING_WM_CHECK behind): cleared it so this window can open")
	}
}

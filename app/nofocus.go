//go:build cgo

package app

import (
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver"
	"github.com/go-gl/glfw/v3.3/glfw"
)

// showWithoutFocus makes w, not yet shown, map without taking the
// keyboard: a prompt the engine opens on its own must never swallow the
// rest of a command being typed into a terminal.
//
// Two things would give it the keyboard. GLFW focuses every window it
// shows (GLFW_FOCUS_ON_SHOW, on by default): without a window manager
// that is an XSetInputFocus, with one a _NET_ACTIVE_WINDOW request. And
// a window manager focuses new windows unless the window says, before it
// is mapped, that it was not opened by the user: _NET_WM_USER_TIME = 0
// (EWMH; openbox, xfwm4, mutter and KWin honour it). fyne creates the
// native window inside Show and maps it at once, so the property is set
// from the one call fyne makes in between: the content's MinSize, when
// the new window is fitted to it.
//
// Call it on the main goroutine after the app exists (GLFW is
// initialised) and after the window's first content is set.
func showWithoutFocus(w fyne.Window) {
	glfw.WindowHint(glfw.FocusOnShow, glfw.False)
	hook := &beforeMap{w: w}
	w.SetContent(container.New(hook, w.Content()))
}

// beforeMap is a layout that, the first time it is measured with a
// native window behind it, marks that window as not user-opened.
type beforeMap struct {
	w    fyne.Window
	once sync.Once
}

func (b *beforeMap) MinSize(objs []fyne.CanvasObject) fyne.Size {
	b.mark()
	return objs[0].MinSize()
}

func (b *beforeMap) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	objs[0].Resize(size)
	objs[0].Move(fyne.NewPos(0, 0))
}

func (b *beforeMap) mark() {
	native, ok := b.w.(driver.NativeWindow)
	if !ok {
		return
	}
	native.RunNative(func(ctx any) {
		if handle := nativeHandle(ctx); handle != 0 {
			b.once.Do(func() { markNotUserOpened(handle) })
		}
	})
}

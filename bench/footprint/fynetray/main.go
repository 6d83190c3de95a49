// fynetray is the smallest fyne app that owns a tray icon: the baseline
// bench/footprint sets keepcool's idle cost beside. It shows no window.
package main

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/driver/desktop"
)

func main() {
	a := app.NewWithID("io.keepcool.bench.fynetray")
	desk, ok := a.(desktop.App)
	if !ok {
		panic("fynetray: this driver has no system tray")
	}
	desk.SetSystemTrayMenu(fyne.NewMenu("fynetray", fyne.NewMenuItem("Hello", func() {})))
	a.Run()
}

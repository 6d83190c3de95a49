//go:build cgo

package app

import (
	_ "embed"

	"fyne.io/fyne/v2"
)

// iconSVG is the application icon: a pulse that settles into a calm line.
//
//go:embed icon.svg
var iconSVG []byte

func appIcon() fyne.Resource { return fyne.NewStaticResource("keepcool.svg", iconSVG) }

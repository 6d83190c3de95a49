//go:build cgo

package app

import (
	"fyne.io/fyne/v2"

	"github.com/keepcool/keepcool/assets"
)

func appIcon() fyne.Resource { return fyne.NewStaticResource("keepcool.svg", assets.IconSVG) }

//go:build cgo

package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
)

// page lays a window out: a header, the body, a footer of actions, with
// margins wider than fyne's default so the window breathes.
func page(header, body, footer fyne.CanvasObject) fyne.CanvasObject {
	inner := container.NewBorder(header, footer, nil, nil, body)
	return container.New(layout.NewCustomPaddedLayout(14, 14, 18, 18), inner)
}

// actions is a footer row: secondary actions on the left, the rest on the right.
func actions(left []fyne.CanvasObject, right ...fyne.CanvasObject) fyne.CanvasObject {
	row := append(append([]fyne.CanvasObject{}, left...), layout.NewSpacer())
	return container.NewHBox(append(row, right...)...)
}

// fit sizes a window to its content at the given width: contents swapped
// in after the engine answers would otherwise inherit the loading size.
func fit(w fyne.Window, width float32) {
	w.Resize(fyne.NewSize(max(width, w.Content().MinSize().Width), w.Content().MinSize().Height))
}

// row is a label on the left, in a column of fixed width so that rows
// under each other line up, and a field filling the rest.
func row(label string, field fyne.CanvasObject) fyne.CanvasObject {
	return container.New(labelColumn{width: 200}, fieldLabel(label), field)
}

// labelColumn lays out [label, field]: the label in a fixed-width column.
type labelColumn struct{ width float32 }

func (l labelColumn) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(fyne.NewSize(l.width, size.Height))
	objs[1].Move(fyne.NewPos(l.width, 0))
	objs[1].Resize(fyne.NewSize(size.Width-l.width, size.Height))
}

func (l labelColumn) MinSize(objs []fyne.CanvasObject) fyne.Size {
	a, b := objs[0].MinSize(), objs[1].MinSize()
	return fyne.NewSize(l.width+b.Width, max(a.Height, b.Height))
}

// fixedWidth gives obj a width of its own, whatever is beside it.
func fixedWidth(obj fyne.CanvasObject, width float32) fyne.CanvasObject {
	return container.New(fixedLayout{width}, obj)
}

type fixedLayout struct{ width float32 }

func (f fixedLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(fyne.NewSize(f.width, size.Height))
}

func (f fixedLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	return fyne.NewSize(f.width, objs[0].MinSize().Height)
}

// tinted is the current theme with another primary colour.
func tinted(primary color.Color) fyne.Theme {
	return override{colors: map[fyne.ThemeColorName]color.Color{
		theme.ColorNamePrimary: primary, theme.ColorNameForegroundOnPrimary: color.White,
	}}
}

// compact tightens the spacing of a block of lines of text.
func compact(obj fyne.CanvasObject) fyne.CanvasObject {
	return container.NewThemeOverride(obj, override{sizes: map[fyne.ThemeSizeName]float32{
		theme.SizeNameInnerPadding: 3, theme.SizeNamePadding: 1,
	}})
}

// override is the current theme with a few colours or sizes changed.
type override struct {
	colors map[fyne.ThemeColorName]color.Color
	sizes  map[fyne.ThemeSizeName]float32
}

func base() fyne.Theme { return fyne.CurrentApp().Settings().Theme() }

func (o override) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if c, ok := o.colors[n]; ok {
		return c
	}
	return base().Color(n, v)
}

func (o override) Size(n fyne.ThemeSizeName) float32 {
	if s, ok := o.sizes[n]; ok {
		return s
	}
	return base().Size(n)
}

func (override) Font(s fyne.TextStyle) fyne.Resource     { return base().Font(s) }
func (override) Icon(n fyne.ThemeIconName) fyne.Resource { return base().Icon(n) }

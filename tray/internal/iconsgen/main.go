// Command iconsgen draws the tray's state icons: a calm shield on a disc
// whose colour says the state. `go generate ./tray` runs it; the PNGs it
// writes are committed and embedded.
package main

import (
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
)

// Size is the icons' edge in pixels: panels scale them down to 16–32 px.
const Size = 64

// samples per pixel edge: 8×8 coverage samples make the anti-aliasing.
const samples = 8

// Glyph is what is cut out of the shield.
type Glyph int

// The glyphs: none (active), hollow (idle: the shield is an outline),
// clock (due: the promised time has come), bang ("!": overdue), target (a
// ring: a drill). Each state differs in shape as well as colour, for
// colour-blind eyes.
const (
	None Glyph = iota
	Hollow
	Clock
	Bang
	Target
)

// Icon is one state's look.
type Icon struct {
	Name  string
	Disc  color.NRGBA
	Glyph Glyph
}

// Icons are the tray's states, named as tray.Kind prints them.
func Icons() []Icon {
	return []Icon{
		{"idle", color.NRGBA{0x74, 0x7C, 0x86, 0xFF}, Hollow},
		{"active", color.NRGBA{0xE8, 0xA3, 0x17, 0xFF}, None},
		{"due", color.NRGBA{0xEE, 0x6C, 0x1B, 0xFF}, Clock},
		{"overdue", color.NRGBA{0xD3, 0x2F, 0x2F, 0xFF}, Bang},
		{"drill", color.NRGBA{0x7E, 0x4F, 0xC9, 0xFF}, Target},
	}
}

func main() {
	out := flag.String("out", "icons", "directory to write the PNGs to")
	flag.Parse()
	if err := write(*out); err != nil {
		fmt.Fprintln(os.Stderr, "iconsgen:", err)
		os.Exit(1)
	}
}

func write(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, ic := range Icons() {
		f, err := os.Create(filepath.Join(dir, ic.Name+".png"))
		if err != nil {
			return err
		}
		enc := png.Encoder{CompressionLevel: png.BestCompression}
		if err := enc.Encode(f, Draw(ic)); err != nil {
			f.Close()
			return err
		}
		if err := f.Close(); err != nil {
			return err
		}
	}
	return nil
}

// Draw renders one icon. Each pixel averages samples×samples points, each
// of which is transparent, the disc's colour, its rim or white.
func Draw(ic Icon) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, Size, Size))
	rim := shade(ic.Disc, 0.78)
	for py := range Size {
		for px := range Size {
			var r, g, b, a float64
			for sy := range samples {
				for sx := range samples {
					x := float64(px) + (float64(sx)+0.5)/samples - Size/2
					y := float64(py) + (float64(sy)+0.5)/samples - Size/2
					c, ok := sample(ic, rim, x, y)
					if ok {
						r, g, b, a = r+float64(c.R), g+float64(c.G), b+float64(c.B), a+1
					}
				}
			}
			if a > 0 {
				n := float64(samples * samples)
				img.SetNRGBA(px, py, color.NRGBA{uint8(r/a + 0.5), uint8(g/a + 0.5), uint8(b/a + 0.5), uint8(255*a/n + 0.5)})
			}
		}
	}
	return img
}

// sample is the colour at (x, y), measured from the icon's centre.
func sample(ic Icon, rim color.NRGBA, x, y float64) (color.NRGBA, bool) {
	d := math.Hypot(x, y)
	switch {
	case d > 30.5:
		return color.NRGBA{}, false
	case d > 28.5:
		return rim, true // a darker edge keeps the disc crisp on light and dark panels
	case inShield(x, y, 0) && !cutOut(ic.Glyph, x, y):
		return color.NRGBA{0xFF, 0xFF, 0xFF, 0xFF}, true
	}
	return ic.Disc, true
}

// inShield says whether (x, y) is inside the shield shrunk by inset pixels:
// a gently dipped top, straight sides, then a taper to a point.
func inShield(x, y, inset float64) bool {
	const halfWidth, shoulder, tip = 16.0, 0.0, 22.0
	w := halfWidth - inset
	if w <= 0 || math.Abs(x) > w {
		return false
	}
	top := -19 + inset + 3*(1-(x/w)*(x/w))
	if y < top {
		return false
	}
	if y <= shoulder {
		return true
	}
	t := (y - shoulder) / (tip - 1.6*inset - shoulder)
	return t < 1 && math.Abs(x) <= w*(1-t*t)
}

func cutOut(g Glyph, x, y float64) bool {
	switch g {
	case Hollow:
		return inShield(x, y, 4.5)
	case Clock:
		d := math.Hypot(x, y+1)
		hands := (math.Abs(x) <= 1.4 && y >= -7.5 && y <= -1) || (math.Abs(y+1) <= 1.4 && x >= -1.4 && x <= 5)
		return (d >= 7.5 && d <= 10) || hands
	case Bang:
		bar := math.Abs(x) <= 2.6 && y >= -12 && y <= 3
		return bar || math.Hypot(x, y-9) <= 3
	case Target:
		d := math.Hypot(x, y+1)
		return (d >= 6 && d <= 9) || d <= 2.8
	}
	return false
}

func shade(c color.NRGBA, f float64) color.NRGBA {
	return color.NRGBA{uint8(float64(c.R) * f), uint8(float64(c.G) * f), uint8(float64(c.B) * f), c.A}
}

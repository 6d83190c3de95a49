//go:build cgo

package app

import (
	"image/color"
	"math"
)

// contrast is the WCAG 2 contrast ratio of two opaque colours, 1 to 21.
func contrast(a, b color.Color) float64 {
	la, lb := luminance(a), luminance(b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

// luminance is WCAG 2's relative luminance of an sRGB colour.
func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	lin := func(v uint32) float64 {
		s := float64(v) / 0xffff
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

// readable is fg, or the nearest shade of it towards black (on a light
// background) or white (on a dark one) that has at least ratio against bg:
// a theme's grey kept as close to its look as legibility allows.
func readable(fg, bg color.Color, ratio float64) color.Color {
	toward := color.NRGBA{A: 0xff}
	if luminance(bg) < 0.18 { // dark: about where black and white text contrast equally
		toward = color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff}
	}
	from := color.NRGBAModel.Convert(fg).(color.NRGBA)
	from.A = 0xff
	mix := func(a, b uint8, t float64) uint8 { return uint8(math.Round(float64(a) + (float64(b)-float64(a))*t)) }
	for i := 0; i <= 20; i++ {
		t := float64(i) / 20
		c := color.NRGBA{R: mix(from.R, toward.R, t), G: mix(from.G, toward.G, t), B: mix(from.B, toward.B, t), A: 0xff}
		if contrast(c, bg) >= ratio {
			return c
		}
	}
	return toward
}

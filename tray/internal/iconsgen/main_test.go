package main

import (
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

// The committed icons are what the generator draws now: nobody edited a PNG
// by hand, nobody forgot go generate.
func TestCommittedIconsAreCurrent(t *testing.T) {
	for _, ic := range Icons() {
		f, err := os.Open(filepath.Join("..", "..", "icons", ic.Name+".png"))
		if err != nil {
			t.Fatal(err)
		}
		committed, err := png.Decode(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		if !samePixels(committed, Draw(ic)) {
			t.Errorf("icons/%s.png differs from what iconsgen draws: run go generate ./tray", ic.Name)
		}
	}
}

func samePixels(a, b image.Image) bool {
	if a.Bounds() != b.Bounds() {
		return false
	}
	for y := a.Bounds().Min.Y; y < a.Bounds().Max.Y; y++ {
		for x := a.Bounds().Min.X; x < a.Bounds().Max.X; x++ {
			r1, g1, b1, a1 := a.At(x, y).RGBA()
			r2, g2, b2, a2 := b.At(x, y).RGBA()
			if r1 != r2 || g1 != g2 || b1 != b2 || a1 != a2 {
				return false
			}
		}
	}
	return true
}

func TestAntiAliased(t *testing.T) {
	img := Draw(Icons()[1])
	partial := 0
	for i := 3; i < len(img.Pix); i += 4 {
		if a := img.Pix[i]; a != 0 && a != 255 {
			partial++
		}
	}
	if partial < 50 {
		t.Errorf("%d half-covered pixels on the disc's edge: not anti-aliased", partial)
	}
}

package packaging

import (
	"image"
	"image/png"
	"os"
	"strings"
	"testing"
)

// appID is the application ID the fyne windows use (app/run.go) and every
// installed file is named after.
const appID = "io.keepcool.keepcool"

// TestFynePackageIcon checks the raster icon FyneApp.toml names is there, is
// the 512×512 fyne package wants, and keeps the SVG's transparent rounded
// corners (a renderer that ignores rx paints them).
func TestFynePackageIcon(t *testing.T) {
	toml, err := os.ReadFile("../FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{`Icon = "packaging/icon.png"`, `ID = "` + appID + `"`, `Name = "keepcool"`} {
		if !strings.Contains(string(toml), line) {
			t.Errorf("FyneApp.toml lacks %s", line)
		}
	}
	f, err := os.Open("icon.png")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if img.Bounds() != image.Rect(0, 0, 512, 512) {
		t.Fatalf("icon.png is %v, want 512×512", img.Bounds())
	}
	if _, _, _, a := img.At(24, 24).RGBA(); a != 0 {
		t.Errorf("icon.png corner alpha %d, want transparent", a)
	}
	if _, _, _, a := img.At(256, 40).RGBA(); a != 0xffff {
		t.Errorf("icon.png top edge alpha %d, want opaque", a)
	}
}

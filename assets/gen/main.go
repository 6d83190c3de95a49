// Command gen renders keepcool's one icon source, assets/icon.svg, into
// every raster icon a platform wants: PNGs for freedesktop and fyne, an ICO
// for Windows and an ICNS for macOS. `go generate ./assets` runs it; what it
// writes (assets/icons/) is committed, and the assets tests check it is what
// gen makes of the icon.svg beside it now.
//
// It uses fyne's own SVG rasteriser (github.com/fyne-io/oksvg on
// github.com/srwiley/rasterx), pure Go, so it runs anywhere `go` does, and
// a run gives the same bytes as the last. Across machines, the bytes are
// the same on amd64 at Go's default GOAMD64; on arm64 (or GOAMD64=v3) Go
// fuses rasterx's multiply-adds, which moves a few edge pixels by a level
// or two. The committed icons are amd64's: regenerate them there.
package main

import (
	"bytes"
	"encoding/binary"
	"flag"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"regexp"

	"github.com/fyne-io/oksvg"
	"github.com/srwiley/rasterx"
)

// PNGSizes are the edges of the PNGs: the hicolor theme's sizes, plus 512
// for `fyne package` and 1024 for the ICNS. The Linux packages install all
// but 1024: keep in sync with SIZES in scripts/dist-linux.sh and shareFiles
// in packaging/distcheck/linux_test.go.
var PNGSizes = []int{16, 22, 24, 32, 48, 64, 128, 256, 512, 1024}

// ICOSizes are the Windows icon's entries: what Explorer, the taskbar and
// the title bar pick from at 100–200 % scaling.
var ICOSizes = []int{16, 24, 32, 48, 64, 128, 256}

// ICNSTypes are the macOS icon's entries, each a PNG of the given edge.
var ICNSTypes = []struct {
	Type string
	Size int
}{
	{"icp4", 16}, {"icp5", 32}, {"icp6", 64}, {"ic07", 128}, {"ic08", 256}, {"ic09", 512}, {"ic10", 1024},
}

// smallStroke is the least width, in output pixels, the pulse line gets.
// At the SVG's own width (18 of 256) it would be 1.1 px at 16×16 and
// 1.7 px at 24×24: a faint grey smear on a panel. So sizes up to 32 px
// draw it at least this wide, which from 32 px up is the SVG's width anyway.
const smallStroke = 1.5

func main() {
	src := flag.String("svg", "icon.svg", "the icon source")
	out := flag.String("out", "icons", "directory to write the icons to")
	flag.Parse()
	if err := run(*src, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(src, out string) error {
	svg, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	files, err := Files(svg)
	if err != nil {
		return fmt.Errorf("%s: %w", src, err)
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(out, name), data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// Files is every icon file, by name, made from svg.
func Files(svg []byte) (map[string][]byte, error) {
	pngs := map[int][]byte{}
	files := map[string][]byte{}
	for _, size := range PNGSizes {
		img, err := Render(svg, size)
		if err != nil {
			return nil, err
		}
		var b bytes.Buffer
		enc := png.Encoder{CompressionLevel: png.BestCompression}
		if err := enc.Encode(&b, img); err != nil {
			return nil, err
		}
		pngs[size] = b.Bytes()
		files[fmt.Sprintf("keepcool-%d.png", size)] = b.Bytes()
	}
	files["keepcool.ico"] = ico(pngs)
	files["keepcool.icns"] = icns(pngs)
	return files, nil
}

// Render draws svg size×size.
func Render(svg []byte, size int) (*image.RGBA, error) {
	icon, err := oksvg.ReadIconStream(bytes.NewReader(roundRects(svg)), oksvg.StrictErrorMode)
	if err != nil {
		return nil, err
	}
	// oksvg strokes the transformed path with the width as written, in
	// output pixels: scale it to the size here, or a 16 px icon gets an
	// 18 px line (all white) and a 1024 px one a hairline.
	scale := float64(size) / icon.ViewBox.W
	for i := range icon.SVGPaths {
		p := &icon.SVGPaths[i].PathStyle
		p.LineWidth = max(p.LineWidth*scale, smallStroke)
	}
	icon.SetTarget(0, 0, float64(size), float64(size))
	img := image.NewRGBA(image.Rect(0, 0, size, size))
	scanner := rasterx.NewScannerGV(size, size, img, img.Bounds())
	icon.Draw(rasterx.NewDasher(size, size, scanner), 1)
	return img, nil
}

var (
	rectTag = regexp.MustCompile(`<rect\b[^>]*>`)
	rxAttr  = regexp.MustCompile(`\s(r[xy])="([^"]*)"`)
)

// roundRects gives each <rect> with only one of rx and ry the other too, as
// SVG says it defaults to the one given. oksvg takes a missing one as 0 and
// draws square corners, which would paint the icon's transparent corners.
func roundRects(svg []byte) []byte {
	return rectTag.ReplaceAllFunc(svg, func(tag []byte) []byte {
		radii := rxAttr.FindAllSubmatch(tag, -1)
		if len(radii) != 1 {
			return tag // neither, or both: nothing to default
		}
		other := "ry"
		if string(radii[0][1]) == "ry" {
			other = "rx"
		}
		end := len(tag) - 1 // before '>', or before "/>"
		if bytes.HasSuffix(tag, []byte("/>")) {
			end--
		}
		attr := fmt.Sprintf(` %s="%s"`, other, radii[0][2])
		return append(append(append([]byte{}, tag[:end]...), attr...), tag[end:]...)
	})
}

// ico is a Windows icon of PNG entries (Vista and later read them): a
// 6-byte header, a 16-byte directory entry per image, then the PNGs.
func ico(pngs map[int][]byte) []byte {
	var b bytes.Buffer
	le := binary.LittleEndian
	b.Write(le.AppendUint16(nil, 0)) // reserved
	b.Write(le.AppendUint16(nil, 1)) // 1: icon (2 is cursor)
	b.Write(le.AppendUint16(nil, uint16(len(ICOSizes))))
	offset := 6 + 16*len(ICOSizes)
	for _, size := range ICOSizes {
		edge := byte(size) // 256 does not fit a byte: 0 stands for it
		if size >= 256 {
			edge = 0
		}
		b.Write([]byte{edge, edge, 0, 0}) // width, height, no palette, reserved
		b.Write(le.AppendUint16(nil, 1))  // colour planes
		b.Write(le.AppendUint16(nil, 32)) // bits per pixel
		b.Write(le.AppendUint32(nil, uint32(len(pngs[size]))))
		b.Write(le.AppendUint32(nil, uint32(offset)))
		offset += len(pngs[size])
	}
	for _, size := range ICOSizes {
		b.Write(pngs[size])
	}
	return b.Bytes()
}

// icns is a macOS icon: "icns" and the file's length, then per image a
// 4-byte type, its length counting those 8 header bytes, and a PNG.
func icns(pngs map[int][]byte) []byte {
	var body bytes.Buffer
	be := binary.BigEndian
	for _, t := range ICNSTypes {
		body.WriteString(t.Type)
		body.Write(be.AppendUint32(nil, uint32(8+len(pngs[t.Size]))))
		body.Write(pngs[t.Size])
	}
	out := append([]byte("icns"), be.AppendUint32(nil, uint32(8+body.Len()))...)
	return append(out, body.Bytes()...)
}

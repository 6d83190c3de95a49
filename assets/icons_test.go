package assets

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// What gen writes (assets/gen/main.go): tests restate it rather than import
// it, so a change to either side shows.
var (
	pngSizes  = []int{16, 22, 24, 32, 48, 64, 128, 256, 512, 1024}
	icoSizes  = []int{16, 24, 32, 48, 64, 128, 256}
	icnsTypes = []icnsEntry{
		{"icp4", 16}, {"icp5", 32}, {"icp6", 64}, {"ic07", 128}, {"ic08", 256}, {"ic09", 512}, {"ic10", 1024},
	}
)

type icnsEntry struct {
	typ  string
	size int
}

// The committed icons are what gen makes of icon.svg now, byte for byte:
// nobody edited one by hand, nobody changed icon.svg and forgot
// `go generate ./assets`, and gen's output does not vary between runs.
//
// Byte for byte only where Go computes x*y+z as two roundings: amd64 at its
// default level (GOAMD64 v1, v2). Elsewhere (arm64, GOAMD64=v3) the compiler
// fuses them into one FMA instruction inside rasterx, which moves a few
// edge pixels by a few levels (measured: at most 5 levels, 28 pixels of a
// 1024×1024 icon); there the PNGs must match within that rounding, and the
// committed bytes are amd64's.
func TestIconsAreCurrent(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the generator")
	}
	dir := t.TempDir()
	cmd := exec.Command("go", "run", "./gen", "-out", dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go run ./gen: %v\n%s", err, out)
	}
	want := names(t, dir)
	if got := names(t, "icons"); !slices.Equal(got, want) {
		t.Errorf("icons/ holds %v, gen writes %v: run go generate ./assets and commit icons/", got, want)
	}
	exact := !fusesFMA(t)
	if !exact {
		t.Log("this Go fuses multiply-adds: PNGs compared within rounding, ICO and ICNS not compared")
	}
	for _, name := range want {
		fresh, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		committed, err := os.ReadFile(filepath.Join("icons", name))
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case bytes.Equal(committed, fresh):
		case exact:
			t.Errorf("icons/%s is not what gen makes of icon.svg: run go generate ./assets and commit icons/", name)
		case strings.HasSuffix(name, ".png"):
			if msg := roundingOnly(committed, fresh); msg != "" {
				t.Errorf("icons/%s is not what gen makes of icon.svg (%s): run go generate ./assets on amd64 and commit icons/", name, msg)
			}
		}
	}
}

// fusesFMA says whether `go run` here builds code that fuses x*y+z.
func fusesFMA(t *testing.T) bool {
	out, err := exec.Command("go", "env", "GOARCH", "GOAMD64").Output()
	if err != nil {
		t.Fatal(err)
	}
	f := strings.Fields(string(out))
	return len(f) != 2 || f[0] != "amd64" || f[1] >= "v3"
}

// roundingOnly is "" when PNGs a and b differ only as FMA rounding does: in
// at most 1 % of the pixels, by at most 8 levels. A changed icon.svg moves
// far more (a colour one level off changes every pixel of that colour).
func roundingOnly(a, b []byte) string {
	ia, err := png.Decode(bytes.NewReader(a))
	if err != nil {
		return err.Error()
	}
	ib, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		return err.Error()
	}
	if ia.Bounds() != ib.Bounds() {
		return fmt.Sprintf("%v, not %v", ia.Bounds(), ib.Bounds())
	}
	differ, most := 0, 0
	for y := range ia.Bounds().Dy() {
		for x := range ia.Bounds().Dx() {
			r1, g1, b1, a1 := ia.At(x, y).RGBA()
			r2, g2, b2, a2 := ib.At(x, y).RGBA()
			d := max(absDiff(r1, r2), absDiff(g1, g2), absDiff(b1, b2), absDiff(a1, a2)) >> 8
			if d > 0 {
				differ++
				most = max(most, int(d))
			}
		}
	}
	if most > 8 || differ*100 > ia.Bounds().Dx()*ia.Bounds().Dy() {
		return fmt.Sprintf("%d pixels differ, by up to %d levels", differ, most)
	}
	return ""
}

func absDiff(a, b uint32) uint32 {
	if a > b {
		return a - b
	}
	return b - a
}

func names(t *testing.T, dir string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

// Each PNG is its size, keeps the rounded corners transparent, and shows a
// white pulse on the opaque teal square.
func TestPNGs(t *testing.T) {
	for _, size := range pngSizes {
		data, err := os.ReadFile(fmt.Sprintf("icons/keepcool-%d.png", size))
		if err != nil {
			t.Fatal(err)
		}
		checkIcon(t, fmt.Sprintf("keepcool-%d.png", size), data, size)
	}
}

// checkIcon checks one rendering of icon.svg (a 256×256 view box: a rounded
// square from 8 to 248 with corner radius 56, a white line at y=140 from
// x=44 to 92 and then the pulse).
func checkIcon(t *testing.T, name string, data []byte, size int) {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Errorf("%s: %v", name, err)
		return
	}
	if img.Bounds() != image.Rect(0, 0, size, size) {
		t.Errorf("%s is %v, want %d×%d", name, img.Bounds(), size, size)
		return
	}
	// at is the pixel under the view box's point (x, y).
	at := func(x, y float64) (r, a uint32) {
		r, _, _, a = img.At(int(x*float64(size)/256), int(y*float64(size)/256)).RGBA()
		return r >> 8, a >> 8
	}
	for _, c := range [][2]float64{{0, 0}, {255, 0}, {0, 255}, {255, 255}} {
		if _, a := at(c[0], c[1]); a != 0 {
			t.Errorf("%s: corner pixel at %v has alpha %d, want transparent", name, c, a)
		}
	}
	// Inside the square's box but outside its rounded corner: a renderer
	// that ignores rx paints it. Only from 64 px does a pixel fit there.
	if size >= 64 {
		if _, a := at(17, 17); a != 0 {
			t.Errorf("%s: pixel in the rounded-off corner has alpha %d, want transparent", name, a)
		}
	}
	if r, a := at(128, 40); a != 255 || r > 0x40 {
		t.Errorf("%s: top centre is red %#x alpha %d, want opaque teal", name, r, a)
	}
	if _, a := at(128, 128); a != 255 {
		t.Errorf("%s: centre alpha %d, want opaque", name, a)
	}
	// The flat start of the line: the whitest pixel across it must be
	// near white, so the pulse shows even at 16 px.
	var whitest uint32
	for y := 128.0; y <= 152; y++ {
		if r, _ := at(60, y); r > whitest {
			whitest = r
		}
	}
	if whitest < 0xC0 {
		t.Errorf("%s: the pulse line is faint (red at most %#x), want near white", name, whitest)
	}
}

// samePNG checks an ICO or ICNS entry is the PNG file of its size: gen made
// them together.
func samePNG(t *testing.T, name string, data []byte, size int) {
	t.Helper()
	file, err := os.ReadFile(fmt.Sprintf("icons/keepcool-%d.png", size))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(data, file) {
		t.Errorf("%s is not keepcool-%d.png: run go generate ./assets and commit icons/", name, size)
	}
}

// The ICO's directory lists exactly icoSizes, each a 32-bit PNG of that size.
func TestICO(t *testing.T) {
	data, err := os.ReadFile("icons/keepcool.ico")
	if err != nil {
		t.Fatal(err)
	}
	le := binary.LittleEndian
	if len(data) < 6 || le.Uint16(data) != 0 || le.Uint16(data[2:]) != 1 {
		t.Fatalf("keepcool.ico: header % x, want reserved 0 and type 1 (icon)", data[:min(6, len(data))])
	}
	n := int(le.Uint16(data[4:]))
	if len(data) < 6+16*n {
		t.Fatalf("keepcool.ico: %d entries do not fit its %d bytes", n, len(data))
	}
	var sizes []int
	for i := range n {
		e := data[6+16*i:]
		w, h := int(e[0]), int(e[1])
		if w == 0 {
			w = 256
		}
		if h == 0 {
			h = 256
		}
		if w != h || le.Uint16(e[4:]) != 1 || le.Uint16(e[6:]) != 32 {
			t.Errorf("keepcool.ico entry %d: %d×%d, %d planes, %d bpp; want square, 1 plane, 32 bpp", i, w, h, le.Uint16(e[4:]), le.Uint16(e[6:]))
		}
		length, offset := int(le.Uint32(e[8:])), int(le.Uint32(e[12:]))
		if offset < 6+16*n || offset+length > len(data) {
			t.Errorf("keepcool.ico entry %d: bytes %d+%d outside the file's %d", i, offset, length, len(data))
			continue
		}
		checkIcon(t, fmt.Sprintf("keepcool.ico entry %d", i), data[offset:offset+length], w)
		samePNG(t, fmt.Sprintf("keepcool.ico entry %d", i), data[offset:offset+length], w)
		sizes = append(sizes, w)
	}
	if !slices.Equal(sizes, icoSizes) {
		t.Errorf("keepcool.ico holds sizes %v, want %v", sizes, icoSizes)
	}
}

// The ICNS lists exactly icnsTypes, each a PNG of its size, and its lengths
// add up.
func TestICNS(t *testing.T) {
	data, err := os.ReadFile("icons/keepcool.icns")
	if err != nil {
		t.Fatal(err)
	}
	be := binary.BigEndian
	if len(data) < 8 || string(data[:4]) != "icns" || int(be.Uint32(data[4:])) != len(data) {
		t.Fatalf("keepcool.icns: header % x, want \"icns\" and the file's length %d", data[:min(8, len(data))], len(data))
	}
	var got []icnsEntry
	for rest := data[8:]; len(rest) > 0; {
		if len(rest) < 8 {
			t.Fatalf("keepcool.icns: %d stray bytes at the end", len(rest))
		}
		typ, length := string(rest[:4]), int(be.Uint32(rest[4:]))
		if length < 8 || length > len(rest) {
			t.Fatalf("keepcool.icns: %s is %d bytes long, %d left", typ, length, len(rest))
		}
		cfg, err := png.DecodeConfig(bytes.NewReader(rest[8:length]))
		if err != nil {
			t.Fatalf("keepcool.icns: %s: %v", typ, err)
		}
		checkIcon(t, "keepcool.icns "+typ, rest[8:length], cfg.Width)
		samePNG(t, "keepcool.icns "+typ, rest[8:length], cfg.Width)
		got = append(got, icnsEntry{typ, cfg.Width})
		rest = rest[length:]
	}
	if !slices.Equal(got, icnsTypes) {
		t.Errorf("keepcool.icns holds %v, want %v", got, icnsTypes)
	}
}

// icotool (Debian's icoutils) reads the ICO as Windows would list it.
func TestICOWithIcotool(t *testing.T) {
	out := tool(t, "icotool", "icoutils", "-l", "icons/keepcool.ico")
	var sizes []int
	for _, m := range regexp.MustCompile(`--width=(\d+) --height=(\d+) --bit-depth=32`).FindAllStringSubmatch(out, -1) {
		if m[1] != m[2] {
			t.Errorf("icotool lists a %s×%s entry", m[1], m[2])
		}
		w, _ := strconv.Atoi(m[1])
		sizes = append(sizes, w)
	}
	if !slices.Equal(sizes, icoSizes) {
		t.Errorf("icotool -l lists sizes %v, want %v:\n%s", sizes, icoSizes, out)
	}
}

// icns2png (Debian's icnsutils, libicns) walks the ICNS. libicns 0.8 names
// the PNG-only types from icp4 to ic07 without knowing their size, so only
// the types and the family's length are compared.
func TestICNSWithIcns2png(t *testing.T) {
	out := tool(t, "icns2png", "icnsutils", "-l", "icons/keepcool.icns")
	var types []string
	for _, m := range regexp.MustCompile(`'(\w{4})'`).FindAllStringSubmatch(out, -1) {
		types = append(types, m[1])
	}
	var want []string
	for _, e := range icnsTypes {
		want = append(want, e.typ)
	}
	if !slices.Equal(types, want) {
		t.Errorf("icns2png -l lists %v, want %v:\n%s", types, want, out)
	}
	info, err := os.Stat("icons/keepcool.icns")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, fmt.Sprintf("family size is %d bytes", info.Size())) {
		t.Errorf("icns2png -l does not give the file's size %d:\n%s", info.Size(), out)
	}
}

// tool runs name with args and returns its standard output, skipping the
// test where the tool is not installed.
func tool(t *testing.T, name, pkg string, args ...string) string {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		t.Skipf("%s is not installed (Debian: apt-get install %s); the Go parsers above still check the file", name, pkg)
	}
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(name, args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %v: %v\n%s%s", name, args, err, stdout.String(), stderr.String())
	}
	return stdout.String()
}

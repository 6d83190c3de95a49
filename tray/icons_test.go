package tray

import (
	"bytes"
	"encoding/binary"
	"image/png"
	"testing"
)

func TestIcons(t *testing.T) {
	seen := map[string]Kind{}
	for k := range numKinds {
		b := Icon(k)
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: %v (run go generate ./tray)", k, err)
		}
		if r := img.Bounds(); r.Dx() != 64 || r.Dy() != 64 {
			t.Errorf("%s is %v, want 64×64", k, r)
		}
		if other, dup := seen[string(b)]; dup {
			t.Errorf("%s looks the same as %s", k, other)
		}
		seen[string(b)] = k
	}
}

func TestWindowsGetsICO(t *testing.T) {
	png := Icon(Overdue)
	b := trayIcon(Overdue, "windows")
	le := binary.LittleEndian
	if le.Uint16(b[2:]) != 1 || le.Uint16(b[4:]) != 1 || b[6] != 64 || b[7] != 64 || le.Uint16(b[12:]) != 32 {
		t.Fatalf("ICO header % x", b[:22])
	}
	if size, offset := le.Uint32(b[14:]), le.Uint32(b[18:]); int(size) != len(png) || !bytes.Equal(b[offset:], png) {
		t.Fatalf("ICO entry: size %d offset %d for a %d-byte PNG", size, offset, len(png))
	}
	if !bytes.Equal(trayIcon(Overdue, "linux"), png) || !bytes.Equal(trayIcon(Overdue, "darwin"), png) {
		t.Error("Linux and macOS take the PNG as is")
	}
}

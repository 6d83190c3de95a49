package tray

import (
	"embed"
	"encoding/binary"
)

//go:generate go run ./internal/iconsgen -out icons

//go:embed icons/*.png
var iconFiles embed.FS

const iconSize = 64

// Icon is the PNG (64×64) that shows k.
func Icon(k Kind) []byte {
	b, _ := iconFiles.ReadFile("icons/" + k.String() + ".png") // every Kind has one: TestIcons
	return b
}

// trayIcon is k's icon in the format goos's tray takes: Windows loads .ico
// files only; the others take PNG.
func trayIcon(k Kind, goos string) []byte {
	if goos == "windows" {
		return ico(Icon(k))
	}
	return Icon(k)
}

// ico wraps a PNG in an ICO container (Windows reads PNG entries since
// Vista): a 6-byte header, one 16-byte directory entry, the PNG.
func ico(png []byte) []byte {
	const headerLen = 6 + 16
	b := make([]byte, 0, headerLen+len(png))
	b = append(b, 0, 0, 1, 0, 1, 0)                      // reserved, type icon, one image
	b = append(b, iconSize, iconSize, 0, 0, 1, 0, 32, 0) // width, height, no palette, reserved, planes, bits per pixel
	b = binary.LittleEndian.AppendUint32(b, uint32(len(png)))
	b = binary.LittleEndian.AppendUint32(b, headerLen)
	return append(b, png...)
}

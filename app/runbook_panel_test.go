//go:build cgo

package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// A back-out plan of one long line wraps in the window: the panel makes
// room for the wrapped lines rather than scrolling the plan out of view.
func TestBackOutPanelMakesRoomForWrappedLines(t *testing.T) {
	test.NewTempApp(t)
	short := backOutPanel("Fail back.").MinSize().Height
	long := backOutPanel(strings.Repeat("fail payments over to the secondary region ", 4)).MinSize().Height
	if long < short+theme.TextSize() {
		t.Fatalf("a plan wrapping onto three lines gets %.0f px, one line %.0f px", long, short)
	}
}

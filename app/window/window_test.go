package window

import "testing"

func TestValid(t *testing.T) {
	for _, name := range Names() {
		if !Valid(name) {
			t.Errorf("Valid(%q) = false", name)
		}
	}
	for _, name := range []string{"tray", "", "Declare"} {
		if Valid(name) {
			t.Errorf("Valid(%q) = true", name)
		}
	}
}

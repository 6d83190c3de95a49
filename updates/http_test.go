package updates

import "testing"

func TestParseWebURL(t *testing.T) {
	for raw, want := range map[string]bool{
		"https://status.example.com/x?a=1": true,
		"http://127.0.0.1:8725/":           true,
		"HTTPS://A.EXAMPLE:443":            true, // url.Parse lowers the scheme
		"https://user:pw@a.example/":       true,
		"javascript:alert(1)":              false,
		"data:text/html,x":                 false,
		"mailto:a@b.example":               false,
		"ftp://a.example/":                 false,
		"//evil.example/x":                 false,
		"https://":                         false,
		"http:a.example":                   false,
		"https://a.example/%zz":            false,
		" https://a.example/":              false, // callers trim where the config may pad
		"":                                 false,
	} {
		u, ok := ParseWebURL(raw)
		if ok != want || (u != nil) != want {
			t.Errorf("ParseWebURL(%q) = %v, %v; want ok %v", raw, u, ok, want)
		}
	}
}

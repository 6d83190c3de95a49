package statuspage

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"html/template"
	"net/http"
	"time"
)

//go:embed assets
var assetFS embed.FS

// pageTemplate is parsed once at start-up: a broken template is a build
// mistake, caught by every test.
var pageTemplate = template.Must(template.ParseFS(assetFS, "assets/page.html"))

// asset is one static file served from the binary.
type asset struct {
	name, contentType string
	body              []byte
	etag              string
}

// staticAssets lists what the page loads besides itself.
func staticAssets() []asset {
	files := []struct{ name, typ string }{
		{"app.js", "text/javascript; charset=utf-8"},
		{"style.css", "text/css; charset=utf-8"},
		{"favicon.svg", "image/svg+xml"},
	}
	out := make([]asset, 0, len(files))
	for _, f := range files {
		b, err := assetFS.ReadFile("assets/" + f.name)
		if err != nil {
			panic("statuspage: asset missing from the build: " + f.name) // embed guarantees it
		}
		sum := sha256.Sum256(b)
		out = append(out, asset{f.name, f.typ, b, `"` + hex.EncodeToString(sum[:8]) + `"`})
	}
	return out
}

// ServeHTTP answers the asset, or 304 when the browser has this version:
// no-cache makes browsers revalidate, so a new binary's script is picked up
// at the next load.
func (a asset) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Cache-Control", "no-cache")
	h.Set("Content-Type", a.contentType)
	h.Set("ETag", a.etag)
	http.ServeContent(w, r, a.name, time.Time{}, bytes.NewReader(a.body))
}

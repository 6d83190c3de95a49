//go:build distcheck

package distcheck

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var (
	distDir = flag.String("dist", "", "the dist/ directory `make dist` wrote")
	version = flag.String("version", "", "the VERSION it was made with")
)

// appID names every installed desktop file.
const appID = "io.keepcool.keepcool"

// dist is the path of artifact name in dist/, failing when it is missing.
func dist(t *testing.T, name string) string {
	t.Helper()
	if *distDir == "" || *version == "" || *version == "dev" {
		t.Fatal("run me through make dist-check VERSION=x.y.z, after make dist VERSION=x.y.z")
	}
	p := filepath.Join(*distDir, name)
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("make dist made no %s: %v", name, err)
	}
	return p
}

// run is cmd's combined output, failing the test when it fails.
func run(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

// SHA256SUMS covers every other file in dist/, and each sum is right.
func TestSHA256SUMS(t *testing.T) {
	f, err := os.Open(dist(t, "SHA256SUMS"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var listed []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		sum, name, ok := strings.Cut(sc.Text(), "  ")
		if !ok {
			t.Fatalf("SHA256SUMS line %q is not sha256sum's format", sc.Text())
		}
		listed = append(listed, name)
		g, err := os.Open(filepath.Join(*distDir, name))
		if err != nil {
			t.Fatal(err)
		}
		h := sha256.New()
		_, err = io.Copy(h, g)
		g.Close()
		if err != nil {
			t.Fatal(err)
		}
		if got := hex.EncodeToString(h.Sum(nil)); got != sum {
			t.Errorf("%s: sha256 %s, SHA256SUMS says %s", name, got, sum)
		}
	}
	entries, err := os.ReadDir(*distDir)
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, e := range entries {
		if e.Type().IsRegular() && e.Name() != "SHA256SUMS" {
			files = append(files, e.Name())
		}
	}
	slices.Sort(listed)
	if !slices.Equal(listed, files) {
		t.Fatalf("SHA256SUMS lists %q; dist/ holds %q", listed, files)
	}
}

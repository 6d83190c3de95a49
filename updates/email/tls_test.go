package email

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/keepcool/keepcool/updates"
)

// selfSigned writes a certificate for 127.0.0.1 and its key, and returns
// a pool that trusts it, as an internal relay with its own CA would need.
func selfSigned(t *testing.T) (certFile, keyFile string, pool *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "keepcool test relay"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, DNSNames: []string{"localhost"},
		KeyUsage:    x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, IsCA: true, BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	pkcs8, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	for file, block := range map[string]*pem.Block{certFile: {Type: "CERTIFICATE", Bytes: der}, keyFile: {Type: "PRIVATE KEY", Bytes: pkcs8}} {
		if err := os.WriteFile(file, pem.EncodeToMemory(block), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool = x509.NewCertPool()
	pool.AddCert(cert)
	return certFile, keyFile, pool
}

func TestTLS(t *testing.T) {
	t.Parallel()
	cert, key, pool := selfSigned(t)
	// Without --smtp-auth-allow-insecure mailpit offers PLAIN/LOGIN only
	// once the connection is encrypted, as a real relay does.
	users := authFile(t, "keepcool", secret)
	startTLS := startMailpit(t, "--smtp-tls-cert", cert, "--smtp-tls-key", key, "--smtp-require-starttls", "--smtp-auth-file", users)
	implicit := startMailpit(t, "--smtp-tls-cert", cert, "--smtp-tls-key", key, "--smtp-require-tls", "--smtp-auth-file", users)
	plain := startMailpit(t)
	cases := []struct {
		name      string
		mp        *mailpit
		mode      string
		roots     *x509.CertPool
		permanent bool   // when it fails
		says      string // "" means delivered
	}{
		{"starttls", startTLS, "starttls", pool, false, ""},
		{"implicit tls", implicit, "tls", pool, false, ""},
		{"starttls untrusted cert", startTLS, "starttls", nil, true, "not trusted"},
		{"implicit tls untrusted cert", implicit, "tls", nil, true, "not trusted"},
		{"starttls not offered", plain, "starttls", pool, true, "does not offer STARTTLS"},
		{"tls to a plain port", startTLS, "tls", pool, true, "does not speak TLS"},
		{"none to a starttls-only relay", startTLS, "none", pool, true, "requires STARTTLS"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			user := "keepcool"
			if tc.mode == "none" {
				user = "" // the relay would refuse to log in first
			}
			c := newChannel(t, Config{SMTP: tc.mp.SMTP, TLS: tc.mode, RootCAs: tc.roots, Username: user, Password: secret})
			m := fixture(updates.KindNote, 2)
			m.ID = m.IncidentID + "/" + tc.name
			if tc.says != "" {
				checkErr(t, sendErr(c, m), tc.permanent, tc.says)
				return
			}
			send(t, c, m) // logged in with the file's password: AUTH ran inside TLS
			tc.mp.ByMessageID(t, stripID(messageID(m)))
		})
	}
}

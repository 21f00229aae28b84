package forward

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"math/big"
	"net"
	"testing"
	"time"
)

// testPKI is a CA made for the test, with a server certificate for localhost and 127.0.0.1
// and a client certificate.
type testPKI struct {
	pool   *x509.CertPool
	server tls.Certificate
	client tls.Certificate
}

func newTestPKI(t *testing.T) *testPKI {
	t.Helper()
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	caTemplate := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "test CA"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IsCA:                  true,
		KeyUsage:              x509.KeyUsageCertSign,
		BasicConstraintsValid: true,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTemplate, caTemplate, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	ca, err := x509.ParseCertificate(caDER)
	if err != nil {
		t.Fatal(err)
	}
	leaf := func(serial int64, usage x509.ExtKeyUsage, dns []string, ips []net.IP) tls.Certificate {
		key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		template := &x509.Certificate{
			SerialNumber: big.NewInt(serial),
			Subject:      pkix.Name{CommonName: dns[0]},
			NotBefore:    time.Now().Add(-time.Hour),
			NotAfter:     time.Now().Add(time.Hour),
			KeyUsage:     x509.KeyUsageDigitalSignature,
			ExtKeyUsage:  []x509.ExtKeyUsage{usage},
			DNSNames:     dns,
			IPAddresses:  ips,
		}
		der, err := x509.CreateCertificate(rand.Reader, template, ca, &key.PublicKey, caKey)
		if err != nil {
			t.Fatal(err)
		}
		return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
	}
	p := &testPKI{pool: x509.NewCertPool()}
	p.pool.AddCert(ca)
	p.server = leaf(2, x509.ExtKeyUsageServerAuth, []string{"localhost"}, []net.IP{net.ParseIP("127.0.0.1")})
	p.client = leaf(3, x509.ExtKeyUsageClientAuth, []string{"anomaly-plugin"}, nil)
	return p
}

// testTLSConfig is a client config for option validation, which never connects.
func testTLSConfig() *tls.Config { return &tls.Config{MinVersion: tls.VersionTLS12} }

func TestTLS(t *testing.T) {
	pki := newTestPKI(t)
	serverConfig := func(requireClientCert bool) *tls.Config {
		cfg := &tls.Config{Certificates: []tls.Certificate{pki.server}, MinVersion: tls.VersionTLS12}
		if requireClientCert {
			cfg.ClientAuth = tls.RequireAndVerifyClientCert
			cfg.ClientCAs = pki.pool
		}
		return cfg
	}
	cases := []struct {
		name      string
		server    *tls.Config
		client    *tls.Config
		sharedKey string
		ok        bool
	}{
		{"verified by the test CA, server name from the address", serverConfig(false), &tls.Config{RootCAs: pki.pool}, "", true},
		{"explicit server name", serverConfig(false), &tls.Config{RootCAs: pki.pool, ServerName: "localhost"}, "", true},
		{"wrong server name", serverConfig(false), &tls.Config{RootCAs: pki.pool, ServerName: "elsewhere.example"}, "", false},
		{"unknown CA", serverConfig(false), &tls.Config{RootCAs: x509.NewCertPool()}, "", false},
		{"client certificate required and given", serverConfig(true), &tls.Config{RootCAs: pki.pool, Certificates: []tls.Certificate{pki.client}}, "", true},
		{"client certificate required, none given", serverConfig(true), &tls.Config{RootCAs: pki.pool}, "", false},
		{"TLS and shared key", serverConfig(false), &tls.Config{RootCAs: pki.pool}, "secret", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			opts := []serverOption{withTLS(c.server)}
			if c.sharedKey != "" {
				opts = append(opts, withSharedKey(c.sharedKey))
			}
			s := startServer(t, "tcp", opts...)
			cl, _ := newClient(t, s, Options{TLS: c.client, SharedKey: c.sharedKey, AckTimeout: 2 * time.Second})
			err := cl.Send("tls", events(3, 10))
			if c.ok && err != nil {
				t.Fatalf("Send: %v", err)
			}
			if !c.ok && !errors.Is(err, ErrUnavailable) {
				t.Fatalf("Send = %v, want ErrUnavailable", err)
			}
			if c.ok && len(s.received()) != 1 {
				t.Fatalf("%d frames received", len(s.received()))
			}
		})
	}
	if c := serverConfig(false); c.ServerName != "" {
		t.Fatal("the server config must not carry a server name")
	}
}

func TestTLSServerNameDefaultsToHost(t *testing.T) {
	c, err := New(Options{Address: "tcp://fluent-bit.local:24224", TLS: &tls.Config{}})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if c.tls.ServerName != "fluent-bit.local" {
		t.Fatalf("ServerName %q", c.tls.ServerName)
	}
}

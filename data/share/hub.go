package share

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

// A secretariat runs three hubs in three places with nothing but
// Convenor: `convenor hub --config hub-1.conf` runs an embedded NATS
// server from a standard nats-server configuration file, which the
// administering desk writes with everything in it — the operator and
// accounts it trusts, TLS for clients and for the routes between hubs,
// the JetStream store folder. The same files run under a stock
// nats-server (started in their folder), so any standard NATS deployment
// works too.

// HubCA is the certificate authority the hubs' TLS certificates come
// from; desks are given its certificate and trust no other for the hubs.
type HubCA struct {
	Cert []byte `json:"cert"` // PEM
	Key  []byte `json:"key"`  // PEM, kept by the administering desk only
}

// MaxControlLine is the longest connect line a hub takes: a member's
// credentials list its permissions level by level, more than NATS's
// default 4 KiB.
const MaxControlLine = 32 * 1024

// RoutePortOffset is how far above a hub's client port its route to the
// other hubs listens (4222 → 6222, NATS's usual pair).
const RoutePortOffset = 2000

// NewHubCA makes a certificate authority for a workspace's hubs.
func NewHubCA(workspace string) (*HubCA, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial(),
		Subject:               pkix.Name{CommonName: "Convenor hubs of " + workspace},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().AddDate(10, 0, 0),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
		MaxPathLenZero:        true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, err
	}
	kb, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return nil, err
	}
	return &HubCA{Cert: pemOf("CERTIFICATE", der), Key: pemOf("EC PRIVATE KEY", kb)}, nil
}

func serial() *big.Int {
	n, _ := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	return n
}

func pemOf(kind string, der []byte) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: kind, Bytes: der})
}

// issue makes a hub's certificate for host, good for serving clients and
// for routes (both ends of a route present one).
func (ca *HubCA) issue(host string) (cert, key []byte, err error) {
	cb, _ := pem.Decode(ca.Cert)
	kb, _ := pem.Decode(ca.Key)
	if cb == nil || kb == nil {
		return nil, nil, errors.New("the hubs' certificate authority is damaged")
	}
	caCert, err := x509.ParseCertificate(cb.Bytes)
	if err != nil {
		return nil, nil, err
	}
	caKey, err := x509.ParseECPrivateKey(kb.Bytes)
	if err != nil {
		return nil, nil, err
	}
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial(),
		Subject:      pkix.Name{CommonName: host},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().AddDate(2, 0, 0),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
	}
	if ip := net.ParseIP(host); ip != nil {
		tmpl.IPAddresses = []net.IP{ip}
	} else {
		tmpl.DNSNames = []string{host}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, caCert, &k.PublicKey, caKey)
	if err != nil {
		return nil, nil, err
	}
	pk, err := x509.MarshalECPrivateKey(k)
	if err != nil {
		return nil, nil, err
	}
	return pemOf("CERTIFICATE", der), pemOf("EC PRIVATE KEY", pk), nil
}

// CheckHub says what is wrong with a hub's address, if anything.
func CheckHub(addr string) error {
	_, _, err := hubAddress(addr)
	return err
}

// hubAddress reads a hub's client URL: nats://host:port or tls://host:port.
func hubAddress(raw string) (host string, port int, err error) {
	u, err := url.Parse(raw)
	if err != nil || u.Hostname() == "" || (u.Scheme != "nats" && u.Scheme != "tls") {
		return "", 0, fmt.Errorf("%q is not a hub address like nats://hub1.example.org:4222", raw)
	}
	port = 4222
	if p := u.Port(); p != "" {
		if port, err = strconv.Atoi(p); err != nil || port < 1 || port+RoutePortOffset > 65535 {
			return "", 0, fmt.Errorf("%q: the port must be 1 to %d", raw, 65535-RoutePortOffset)
		}
	}
	return u.Hostname(), port, nil
}

// HubFiles writes the configuration of every hub of the workspace, each
// with its certificate and key, and the authority's certificate: file
// name → contents, all to go in one folder (each hub's own three files
// and ca.pem are all a hub needs).
func (m *Membership) HubFiles() (map[string][]byte, error) {
	if m.Authority == nil || m.Authority.CA == nil {
		return nil, errors.New("only the desk that administers the team workspace can configure its hubs")
	}
	trust, err := m.Authority.Trust()
	if err != nil {
		return nil, err
	}
	type hub struct {
		host string
		port int
	}
	var hubs []hub
	for _, h := range m.Hubs {
		host, port, err := hubAddress(h)
		if err != nil {
			return nil, err
		}
		hubs = append(hubs, hub{host, port})
	}
	files := map[string][]byte{"ca.pem": m.Authority.CA.Cert}
	var accounts []string
	for pub := range trust.Accounts {
		accounts = append(accounts, pub)
	}
	sort.Strings(accounts)
	for i, h := range hubs {
		name := fmt.Sprintf("hub-%d", i+1)
		cert, key, err := m.Authority.CA.issue(h.host)
		if err != nil {
			return nil, err
		}
		files[name+"-cert.pem"], files[name+"-key.pem"] = cert, key
		var routes []string
		for j, o := range hubs {
			if j != i {
				routes = append(routes, strconv.Quote(fmt.Sprintf("nats-route://%s", net.JoinHostPort(o.host, strconv.Itoa(o.port+RoutePortOffset)))))
			}
		}
		var b strings.Builder
		fmt.Fprintf(&b, "# Convenor hub %d of %d for the team workspace %s.\n", i+1, len(hubs), m.Workspace)
		fmt.Fprintf(&b, "# Run it with: convenor hub --config %s.conf (paths are relative to this folder).\n", name)
		fmt.Fprintf(&b, "# It holds sealed versions only; back up %s-store/ with the hub stopped, or snapshot the stream.\n\n", name)
		fmt.Fprintf(&b, "server_name: %q\nlisten: %q\n", name, net.JoinHostPort("0.0.0.0", strconv.Itoa(h.port)))
		fmt.Fprintf(&b, "# members' credentials list their permissions level by level\nmax_control_line: %d\n\n", MaxControlLine)
		fmt.Fprintf(&b, "tls {\n  cert_file: %q\n  key_file: %q\n  timeout: 5\n}\n\n", name+"-cert.pem", name+"-key.pem")
		fmt.Fprintf(&b, "jetstream {\n  store_dir: %q\n}\n\n", name+"-store")
		// Desks use the hub addresses they were given (the ones the
		// certificates name), not every address a hub could advertise.
		fmt.Fprintf(&b, "cluster {\n  name: %q\n  listen: %q\n  no_advertise: true\n  routes: [%s]\n", "convenor-"+m.Workspace, net.JoinHostPort("0.0.0.0", strconv.Itoa(h.port+RoutePortOffset)), strings.Join(routes, ", "))
		fmt.Fprintf(&b, "  tls {\n    cert_file: %q\n    key_file: %q\n    ca_file: \"ca.pem\"\n    verify: true\n    timeout: 5\n  }\n}\n\n", name+"-cert.pem", name+"-key.pem")
		fmt.Fprintf(&b, "# Who may connect: members of the workspace's account, by credentials\n# the administering desk signs. Revocations arrive through the hubs.\n")
		fmt.Fprintf(&b, "operator: %q\nsystem_account: %q\n", trust.OperatorJWT, trust.SystemAccount)
		fmt.Fprintf(&b, "resolver: {\n  type: full\n  dir: %q\n  allow_delete: false\n}\n", name+"-store/accounts")
		b.WriteString("resolver_preload: {\n")
		for _, pub := range accounts {
			fmt.Fprintf(&b, "  %s: %q\n", pub, trust.Accounts[pub])
		}
		b.WriteString("}\n")
		files[name+".conf"] = []byte(b.String())
	}
	return files, nil
}

// WriteHubFiles writes HubFiles into a new folder dir (never over files
// already there).
func (m *Membership) WriteHubFiles(dir string) error {
	files, err := m.HubFiles()
	if err != nil {
		return err
	}
	if _, err := os.Stat(dir); err == nil {
		return fmt.Errorf("%s exists: name a new folder for the hubs' configuration", dir)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o600); err != nil {
			return err
		}
	}
	return nil
}

// RunHub starts a hub from its configuration file, read relative to the
// working folder, and waits until it takes connections. It logs to
// standard error when logs is set.
func RunHub(config string, logs bool) (*server.Server, error) {
	opts, err := server.ProcessConfigFile(config)
	if err != nil {
		return nil, fmt.Errorf("the hub's configuration: %w", err)
	}
	opts.NoSigs, opts.NoLog = true, !logs
	s, err := server.NewServer(opts)
	if err != nil {
		return nil, err
	}
	s.ConfigureLogger()
	go s.Start()
	if !s.ReadyForConnections(30 * time.Second) {
		s.Shutdown()
		return nil, fmt.Errorf("the hub %s did not start listening", opts.ServerName)
	}
	return s, nil
}

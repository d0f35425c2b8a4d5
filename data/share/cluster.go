// Package share is the team workspace's backbone: NATS JetStream, whose
// Raft-replicated streams hold every record's sealed versions, so that
// desks in several capitals share one workspace through servers that can
// read none of it. Replication, ordering and "publish only if nothing came
// in between" are JetStream's; this package only chooses the layout and
// reads its answers.
package share

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"path/filepath"
	"strconv"
	"time"

	"github.com/nats-io/jwt/v2"
	"github.com/nats-io/nats-server/v2/server"
)

// Cluster is a set of NATS servers with JetStream, routed to each other,
// run inside this process: `convenor hub` runs one of them, tests run
// three on 127.0.0.1.
type Cluster struct {
	Name    string
	Servers []*server.Server
	opts    []*server.Options
	trust   *HubTrust
}

// freePorts asks the system for n ports nobody listens on, for servers
// that must know each other's addresses before any of them starts.
func freePorts(n int) ([]int, error) {
	var ports []int
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			l.Close()
		}
	}()
	for i := 0; i < n; i++ {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

// StartLocalCluster starts n servers on 127.0.0.1, each with JetStream and
// its store in its own folder under dir, admitting only the users of the
// accounts trust names, and waits until JetStream has a meta leader
// (streams can then be made).
func StartLocalCluster(dir, name string, n int, trust *HubTrust) (*Cluster, error) {
	op, err := jwt.DecodeOperatorClaims(trust.OperatorJWT)
	if err != nil {
		return nil, fmt.Errorf("the hubs' operator is damaged: %w", err)
	}
	ports, err := freePorts(2 * n)
	if err != nil {
		return nil, err
	}
	var routes []*url.URL
	for i := 0; i < n; i++ {
		routes = append(routes, &url.URL{Scheme: "nats", Host: "127.0.0.1:" + strconv.Itoa(ports[n+i])})
	}
	c := &Cluster{Name: name, trust: trust}
	for i := 0; i < n; i++ {
		o := &server.Options{
			ServerName: fmt.Sprintf("%s-%d", name, i+1),
			Host:       "127.0.0.1",
			Port:       ports[i],
			JetStream:  true,
			StoreDir:   filepath.Join(dir, fmt.Sprintf("hub-%d", i+1)),
			Cluster:    server.ClusterOpts{Name: name, Host: "127.0.0.1", Port: ports[n+i]},
			Routes:     routes,
			NoLog:      true,
			NoSigs:     true,
			// A member's credentials list its permissions level by level:
			// more than NATS's default 4 KiB connect line.
			MaxControlLine: MaxControlLine,

			TrustedOperators: []*jwt.OperatorClaims{op},
			SystemAccount:    trust.SystemAccount,
		}
		c.opts = append(c.opts, o)
		if err := c.start(i); err != nil {
			c.Shutdown()
			return nil, err
		}
	}
	if err := c.waitForLeader(30 * time.Second); err != nil {
		c.Shutdown()
		return nil, err
	}
	if err := c.waitForAccounts(30 * time.Second); err != nil {
		c.Shutdown()
		return nil, err
	}
	return c, nil
}

// waitForAccounts waits until every running server has JetStream enabled
// for the accounts it trusts: until then a stream cannot be made.
func (c *Cluster) waitForAccounts(limit time.Duration) error {
	for end := time.Now().Add(limit); time.Now().Before(end); time.Sleep(20 * time.Millisecond) {
		ready := true
		for _, s := range c.Servers {
			if s == nil || !s.Running() {
				continue
			}
			for pub := range c.trust.Accounts {
				if pub == c.trust.SystemAccount {
					continue
				}
				acc, err := s.LookupAccount(pub)
				ready = ready && err == nil && acc.JetStreamEnabled()
			}
		}
		if ready {
			return nil
		}
	}
	return errors.New("the hubs did not enable JetStream for the workspace's account")
}

// start (re)starts server i with its options and store. Each start has
// its own account resolver (a folder of account JWTs in its store, which
// the hubs keep current among themselves), given the accounts trusted.
func (c *Cluster) start(i int) error {
	res, err := server.NewDirAccResolver(filepath.Join(c.opts[i].StoreDir, "accounts"), 0, time.Minute, server.NoDelete)
	if err != nil {
		return err
	}
	for pub, tok := range c.trust.Accounts {
		if err := res.Store(pub, tok); err != nil {
			return err
		}
	}
	opts := c.opts[i].Clone() // the server fills in what it works out; a restart starts afresh
	opts.AccountResolver = res
	s, err := server.NewServer(opts)
	if err != nil {
		return err
	}
	go s.Start()
	if !s.ReadyForConnections(10 * time.Second) {
		s.Shutdown()
		return fmt.Errorf("hub %s did not start", c.opts[i].ServerName)
	}
	if i < len(c.Servers) {
		c.Servers[i] = s
	} else {
		c.Servers = append(c.Servers, s)
	}
	return nil
}

// waitForLeader waits until some running server leads JetStream's meta
// group and every running server is current with it.
func (c *Cluster) waitForLeader(limit time.Duration) error {
	for end := time.Now().Add(limit); time.Now().Before(end); time.Sleep(20 * time.Millisecond) {
		led, current := false, true
		for _, s := range c.Servers {
			if s == nil || !s.Running() {
				continue
			}
			led = led || s.JetStreamIsLeader()
			current = current && s.JetStreamIsCurrent()
		}
		if led && current {
			return nil
		}
	}
	return errors.New("the hubs did not elect a JetStream leader")
}

// URLs are the client addresses of the running servers.
func (c *Cluster) URLs() []string {
	var out []string
	for _, s := range c.Servers {
		if s != nil && s.Running() {
			out = append(out, s.ClientURL())
		}
	}
	return out
}

// Stop shuts server i down, as a hub lost; Restart brings it back with
// the store it had.
func (c *Cluster) Stop(i int) {
	c.Servers[i].Shutdown()
	c.Servers[i].WaitForShutdown()
}

func (c *Cluster) Restart(i int) error { return c.start(i) }

// Shutdown stops every server.
func (c *Cluster) Shutdown() {
	for _, s := range c.Servers {
		if s != nil {
			s.Shutdown()
			s.WaitForShutdown()
		}
	}
}

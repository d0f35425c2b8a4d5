package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strings"
	"syscall"

	"github.com/nats-io/nats.go/jetstream"

	"convenor/data/share"
	"convenor/data/store"
)

// The team workspace from the command line: what the window's Workspace
// → Share…, Join…, Members… do, and `convenor hub` for the servers.

const invitationCodeEnv = "CONVENOR_INVITATION_CODE"

func init() {
	register(&command{
		name: "share", args: "PATH", minArgs: 1, maxArgs: 1,
		summary: "make a sealed workspace a team workspace on three hubs, administered here, and write the hubs' configuration",
		example: "convenor share desk.convenor --name peace-talks --as 'Islamabad desk' --hubs nats://hub1.example.org:4222,nats://hub2.example.org:4222,nats://hub3.example.org:4222 --hub-config hubs/",
		env:     []string{passphraseEnv + ": the workspace's passphrase"},
		setup: func(fs *flag.FlagSet) func([]string, io.Writer, io.Writer) int {
			name := fs.String("name", "", "the team workspace's `name` (letters, digits, - and _; the hubs see it)")
			as := fs.String("as", "", "this desk's `name` among the members")
			hubs := fs.String("hubs", "", "the hubs' client `addresses`, comma-separated (nats://host:port)")
			conf := fs.String("hub-config", "", "new `folder` to write the hubs' configuration files into")
			return func(pos []string, out, errOut io.Writer) int {
				return startTeam(pos[0], *name, *as, *hubs, *conf, out, errOut)
			}
		},
	})
	register(&command{
		name: "hub", args: "", maxArgs: 0,
		summary: "run one hub of a team workspace (an embedded NATS server with JetStream) until stopped",
		example: "convenor hub --config hubs/hub-1.conf",
		setup: func(fs *flag.FlagSet) func([]string, io.Writer, io.Writer) int {
			conf := fs.String("config", "", "the hub's configuration `file`, as `convenor share` wrote it (or any nats-server configuration)")
			return func(_ []string, out, errOut io.Writer) int { return runHub(*conf, out, errOut) }
		},
	})
	register(&command{
		name: "invite", args: "PATH", minArgs: 1, maxArgs: 1,
		summary: "invite a member to the team workspace, cleared up to a TLP label; prints the one-time code to pass on separately",
		example: "convenor invite desk.convenor --name 'Muscat desk' --clearance amber --out muscat.convenor-invitation",
		env:     []string{passphraseEnv + ": the workspace's passphrase"},
		setup: func(fs *flag.FlagSet) func([]string, io.Writer, io.Writer) int {
			name := fs.String("name", "", "the member's `name`")
			clearance := fs.String("clearance", "amber", "the most restrictive `label` the member may read: clear, green, amber, amber+strict or red")
			to := fs.String("out", "", "new invitation `file` to write")
			return func(pos []string, out, errOut io.Writer) int {
				return inviteMember(pos[0], *name, *clearance, *to, out, errOut)
			}
		},
	})
	register(&command{
		name: "join", args: "INVITATION", minArgs: 1, maxArgs: 1,
		summary: "join a team workspace with an invitation: makes a new sealed workspace and takes in the records you are cleared for",
		example: "convenor join muscat.convenor-invitation --out muscat.convenor",
		env: []string{invitationCodeEnv + ": the invitation's one-time code",
			passphraseEnv + ": the passphrase to seal the new workspace with"},
		setup: func(fs *flag.FlagSet) func([]string, io.Writer, io.Writer) int {
			to := fs.String("out", "", "new workspace `file`")
			return func(pos []string, out, errOut io.Writer) int { return joinTeam(pos[0], *to, out, errOut) }
		},
	})
	register(&command{
		name: "sync", args: "PATH", minArgs: 1, maxArgs: 1,
		summary: "synchronise a team workspace once: send what waits, take in what others sent",
		example: "convenor sync desk.convenor",
		env:     []string{passphraseEnv + ": the workspace's passphrase"},
		setup:   onWorkspace(syncOnce),
	})
	register(&command{
		name: "members", args: "PATH", minArgs: 1, maxArgs: 1,
		summary: "list the team workspace's members and their clearance (on the administering desk)",
		example: "convenor members desk.convenor",
		env:     []string{passphraseEnv + ": the workspace's passphrase"},
		setup:   onWorkspace(listMembers),
	})
	register(&command{
		name: "revoke", args: "PATH", minArgs: 1, maxArgs: 1,
		summary: "revoke a member: the hubs refuse them from now on, and the keys they held are renewed for everyone else",
		example: "convenor revoke desk.convenor --member 'Muscat desk'",
		env:     []string{passphraseEnv + ": the workspace's passphrase"},
		setup: func(fs *flag.FlagSet) func([]string, io.Writer, io.Writer) int {
			who := fs.String("member", "", "the member's `name` or id")
			return func(pos []string, out, errOut io.Writer) int { return revokeMember(pos[0], *who, out, errOut) }
		},
	})
}

// teamOf opens a workspace writable with its membership.
func teamOf(path string, errOut io.Writer) (*store.Store, *share.Membership, int) {
	s, code := openWritable(path, errOut)
	if s == nil {
		return nil, nil, code
	}
	m, err := share.Load(s)
	if err == nil && m == nil {
		err = fmt.Errorf("%s is not part of a team workspace: share it (convenor share) or join one (convenor join)", path)
	}
	if err != nil {
		s.Close()
		fmt.Fprintln(errOut, err)
		return nil, nil, 1
	}
	return s, m, 0
}

func startTeam(path, name, as, hubs, conf string, out, errOut io.Writer) int {
	if name == "" || as == "" || hubs == "" || conf == "" {
		fmt.Fprintln(errOut, "give --name, --as, --hubs and --hub-config")
		return 2
	}
	if _, err := os.Stat(conf); err == nil {
		fmt.Fprintf(errOut, "%s exists: name a new folder for the hubs' configuration\n", conf)
		return 1
	}
	s, code := openWritable(path, errOut)
	if s == nil {
		return code
	}
	defer s.Close()
	m, err := share.Start(s, name, as, strings.Split(hubs, ","))
	if err != nil {
		fmt.Fprintln(errOut, err)
		return 1
	}
	if err := m.WriteHubFiles(conf); err != nil {
		fmt.Fprintln(errOut, err)
		return 1
	}
	fmt.Fprintf(out, "%s is now the team workspace %s, administered here as %s.\n", path, name, as)
	fmt.Fprintf(out, "Copy %s to the hubs (each needs its own hub-N.conf, -cert.pem, -key.pem and ca.pem) and run `convenor hub --config hub-N.conf` on each.\n", conf)
	return 0
}

func runHub(conf string, out, errOut io.Writer) int {
	if conf == "" {
		fmt.Fprintln(errOut, "name the hub's configuration with --config FILE")
		return 2
	}
	// Paths in the file are relative to its folder.
	if err := os.Chdir(filepath.Dir(conf)); err != nil {
		fmt.Fprintln(errOut, err)
		return 1
	}
	s, err := share.RunHub(filepath.Base(conf), true)
	if err != nil {
		fmt.Fprintln(errOut, err)
		return 1
	}
	fmt.Fprintf(out, "hub %s is running; stop it with Ctrl+C\n", s.Name())
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	<-stop
	s.Shutdown()
	s.WaitForShutdown()
	return 0
}

func inviteMember(path, name, clearance, to string, out, errOut io.Writer) int {
	if to == "" {
		fmt.Fprintln(errOut, "name the invitation file with --out FILE")
		return 2
	}
	label := tlpFlag(clearance)
	if !label.Valid() {
		fmt.Fprintf(errOut, "%q is not a TLP label: use clear, green, amber, amber+strict or red\n", clearance)
		return 2
	}
	s, m, code := teamOf(path, errOut)
	if s == nil {
		return code
	}
	defer s.Close()
	pass := share.NewInvitationCode()
	file, mem, err := m.Invite(s, name, label, pass)
	if err == nil {
		err = writeNew(to, func(w io.Writer) error { _, err := w.Write(file); return err })
	}
	if err != nil {
		fmt.Fprintln(errOut, err)
		return 1
	}
	fmt.Fprintf(out, "%s invited, cleared to %s: %s\nThe one-time code (pass it on by another way than the file): %s\n", mem.Name, mem.Clearance, to, pass)
	return 0
}

func joinTeam(invitation, to string, out, errOut io.Writer) int {
	code, pass := os.Getenv(invitationCodeEnv), os.Getenv(passphraseEnv)
	switch {
	case to == "":
		fmt.Fprintln(errOut, "name the new workspace file with --out FILE")
		return 2
	case code == "":
		fmt.Fprintf(errOut, "put the invitation's code in %s\n", invitationCodeEnv)
		return 2
	case pass == "":
		fmt.Fprintf(errOut, "put the new workspace's passphrase in %s\n", passphraseEnv)
		return 2
	}
	file, err := os.ReadFile(invitation)
	if err != nil {
		fmt.Fprintln(errOut, err)
		return 1
	}
	inv, err := share.OpenInvitation(file, code)
	if err != nil {
		fmt.Fprintln(errOut, err)
		return 1
	}
	s, err := store.CreateSealed(to, inv.Workspace, pass)
	if err != nil {
		fmt.Fprintln(errOut, err)
		return 1
	}
	defer s.Close()
	m, err := share.Join(s, inv)
	if err != nil {
		fmt.Fprintln(errOut, err)
		return 1
	}
	fmt.Fprintf(out, "%s is %s's desk of the team workspace %s, cleared to %s.\n", to, m.Me.Name, m.Workspace, m.Me.Clearance)
	status := syncWith(to, s, m, out, errOut)
	if status != 0 {
		fmt.Fprintf(errOut, "The workspace is joined; `convenor sync %s` takes in the team's records once the hubs can be reached.\n", to)
	}
	return status
}

func syncOnce(path string, out, errOut io.Writer) int {
	s, m, code := teamOf(path, errOut)
	if s == nil {
		return code
	}
	defer s.Close()
	return syncWith(path, s, m, out, errOut)
}

func syncWith(path string, s *store.Store, m *share.Membership, out, errOut io.Writer) int {
	nc, err := m.Connect()
	if err != nil {
		fmt.Fprintf(errOut, "the hubs could not be reached: %v\n", err)
		return 1
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		fmt.Fprintln(errOut, err)
		return 1
	}
	d := &share.Desk{Replica: s, JS: js, Team: m}
	rep, err := d.Sync(ctx)
	fmt.Fprintf(out, "%s: %d sent, %d received, %d conflicts\n", path, rep.Sent, rep.Received, rep.Conflicts)
	for _, r := range rep.Refused {
		fmt.Fprintf(out, "refused: %s\n", r)
	}
	if len(rep.Withheld) > 0 {
		fmt.Fprintf(out, "%d records are labelled above this desk's clearance (%s) and were not sent: %s\n", len(rep.Withheld), m.Me.Clearance, strings.Join(rep.Withheld, ", "))
	}
	if err != nil {
		fmt.Fprintln(errOut, err)
		return 1
	}
	return 0
}

func listMembers(path string, out, errOut io.Writer) int {
	s, m, code := teamOf(path, errOut)
	if s == nil {
		return code
	}
	defer s.Close()
	if m.Authority == nil {
		fmt.Fprintf(out, "%s is %s's desk, cleared to %s; the members are listed on the administering desk.\n", path, m.Me.Name, m.Me.Clearance)
		return 0
	}
	members := append([]share.Member(nil), m.Members...)
	sort.SliceStable(members, func(i, j int) bool { return members[i].Invited.Before(members[j].Invited) })
	for _, mem := range members {
		state := "invited " + mem.Invited.Format("2 Jan 2006")
		if mem.Admin {
			state = "administers the workspace"
		}
		if mem.Revoked != nil {
			state = "revoked " + mem.Revoked.Format("2 Jan 2006")
		}
		fmt.Fprintf(out, "%-24s %-17s %s  %s\n", mem.Name, mem.Clearance, state, mem.ID)
	}
	return 0
}

func revokeMember(path, who string, out, errOut io.Writer) int {
	if who == "" {
		fmt.Fprintln(errOut, "name the member with --member NAME")
		return 2
	}
	s, m, code := teamOf(path, errOut)
	if s == nil {
		return code
	}
	defer s.Close()
	nc, err := m.Connect()
	if err != nil {
		fmt.Fprintf(errOut, "the hubs could not be reached: %v\n", err)
		return 1
	}
	defer nc.Close()
	js, _ := jetstream.New(nc)
	if err := m.Revoke(ctx, s, js, who); err != nil {
		fmt.Fprintln(errOut, err)
		return 1
	}
	fmt.Fprintf(out, "%s revoked; the keys they held are renewed and sent to the other members.\n", who)
	return 0
}

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"runtime"
	"sort"
	"strings"
	"time"
)

// A command is one headless subcommand, described once: help, usage
// messages and parsing all read this.
type command struct {
	name    string
	args    string // positional arguments as usage shows them, e.g. "KIND ID"
	summary string // one line
	example string
	env     []string // environment variables it reads, "NAME: what for"
	// minArgs, maxArgs bound the positional arguments.
	minArgs, maxArgs int
	// setup declares the command's flags on fs and returns what runs it
	// with the positional arguments once the flags are parsed.
	setup func(fs *flag.FlagSet) func(pos []string, out, errOut io.Writer) int
}

// ctx ends when the user presses Ctrl+C, so a long check, backup or
// export stops at SQLite's next step (a partial backup is removed) instead
// of being killed half-way. One command runs per process: the process's
// context is the command's.
var ctx, _ = signal.NotifyContext(context.Background(), os.Interrupt)

// catalogue lists the subcommands in the order help shows them.
var catalogue []*command

// commands finds a subcommand by name; each runs with its arguments (flags
// in any order) and returns the exit code.
var commands = map[string]func(args []string, out, errOut io.Writer) int{}

func register(c *command) {
	catalogue = append(catalogue, c)
	commands[c.name] = func(args []string, out, errOut io.Writer) int { return c.run(args, out, errOut) }
}

func (c *command) run(args []string, out, errOut io.Writer) int {
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are said below, in one sentence
	do := c.setup(fs)
	pos, err := parseAnywhere(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		c.help(out, fs)
		return 0
	}
	if err != nil {
		fmt.Fprintf(errOut, "convenor %s: %v\n%s\n", c.name, err, c.usage(fs))
		return 2
	}
	if len(pos) < c.minArgs || len(pos) > c.maxArgs {
		fmt.Fprintf(errOut, "convenor %s: %s\n%s\n", c.name, argCountProblem(c, pos), c.usage(fs))
		return 2
	}
	return do(pos, out, errOut)
}

func argCountProblem(c *command, pos []string) string {
	if len(pos) < c.minArgs {
		return "missing " + strings.Fields(c.args)[len(pos)]
	}
	return fmt.Sprintf("unexpected %q", pos[c.maxArgs])
}

// parseAnywhere parses flags wherever they stand among the positional
// arguments ("list actor --json" and "list --json actor"); "--" ends the
// flags, for a file whose name starts with a dash.
func parseAnywhere(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		// flag stops at the first positional; take it and go on.
		pos, args = append(pos, args[0]), args[1:]
		if len(args) > 0 && args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
	}
}

// usage is the command's one-line synopsis with every flag.
func (c *command) usage(fs *flag.FlagSet) string {
	parts := []string{"usage: convenor", c.name}
	fs.VisitAll(func(f *flag.Flag) {
		name, _ := flag.UnquoteUsage(f)
		if name == "" {
			parts = append(parts, "[--"+f.Name+"]")
		} else {
			parts = append(parts, "[--"+f.Name+" "+strings.ToUpper(name)+"]")
		}
	})
	if c.args != "" {
		parts = append(parts, c.args)
	}
	return strings.Join(parts, " ")
}

// help prints everything about one command: what it does, its synopsis, a
// line per flag and per environment variable, and an example.
func (c *command) help(out io.Writer, fs *flag.FlagSet) {
	fmt.Fprintf(out, "convenor %s — %s\n\n%s\n", c.name, c.summary, c.usage(fs))
	var lines [][2]string
	fs.VisitAll(func(f *flag.Flag) {
		name, text := flag.UnquoteUsage(f)
		left := "--" + f.Name
		if name != "" {
			left += " " + strings.ToUpper(name)
		}
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" {
			text += " (default " + f.DefValue + ")"
		}
		lines = append(lines, [2]string{left, text})
	})
	if len(lines) > 0 {
		fmt.Fprintln(out, "\nflags (before or after the other arguments):")
		for _, l := range lines {
			fmt.Fprintf(out, "  %-22s %s\n", l[0], l[1])
		}
	}
	if len(c.env) > 0 {
		fmt.Fprintln(out, "\nenvironment:")
		for _, e := range c.env {
			name, text, _ := strings.Cut(e, ": ")
			fmt.Fprintf(out, "  %-22s %s\n", name, text)
		}
	}
	fmt.Fprintf(out, "\nexample:\n  %s\n", c.example)
}

// overview is `convenor help`: every command with one line and an example.
func overview(out io.Writer) {
	fmt.Fprintln(out, `Convenor — a workbench for quiet diplomacy.

usage:
  convenor [--workspace FILE]        open the window (first start: the demo workspace)
  convenor FILE.convenor             the same, as a desktop opening a file calls it
  convenor COMMAND [ARGS] [FLAGS]    work without a window, for scripts
  convenor help COMMAND              everything about one command
  convenor --version                 which release this is

commands:`)
	for _, c := range catalogue {
		fmt.Fprintf(out, "  %-12s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(out, "\nexamples:")
	for _, c := range catalogue {
		fmt.Fprintf(out, "  %s\n", c.example)
	}
	vars := map[string]bool{}
	for _, c := range catalogue {
		for _, e := range c.env {
			vars[e] = true
		}
	}
	var env []string
	for e := range vars {
		env = append(env, e)
	}
	sort.Strings(env)
	fmt.Fprintln(out, "\nenvironment:")
	for _, e := range env {
		name, text, _ := strings.Cut(e, ": ")
		fmt.Fprintf(out, "  %-28s %s\n", name, text)
	}
	fmt.Fprintln(out, "\nA flag may come before the command: convenor --workspace desk.convenor list actor")
}

// helpCommand is `convenor help [COMMAND]`.
func helpCommand(args []string, out, errOut io.Writer) int {
	if len(args) == 0 {
		overview(out)
		return 0
	}
	for _, c := range catalogue {
		if c.name == args[0] {
			fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
			c.setup(fs)
			c.help(out, fs)
			return 0
		}
	}
	fmt.Fprintf(errOut, "convenor help: no command %q; the commands are %s\n", args[0], commandNames())
	return 2
}

func commandNames() string {
	names := make([]string, len(catalogue))
	for i, c := range catalogue {
		names[i] = c.name
	}
	return strings.Join(names, ", ")
}

// dispatch reads the command line. Flags given before a command (only
// --workspace, and --help) are passed on to it. With no command it returns
// gui set and the workspace to open.
func dispatch(args []string, out, errOut io.Writer) (code int, gui bool, workspace string) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "-h" || a == "-help" || a == "--help" || a == "help":
			return helpCommand(args[i+1:], out, errOut), false, ""
		case a == "-version" || a == "--version" || a == "version":
			printVersion(out)
			return 0, false, ""
		case a == "-workspace" || a == "--workspace":
			if i+1 >= len(args) {
				fmt.Fprintln(errOut, "convenor: --workspace needs a file name")
				return 2, false, ""
			}
			workspace = args[i+1]
			i++
		case strings.HasPrefix(a, "-workspace=") || strings.HasPrefix(a, "--workspace="):
			_, workspace, _ = strings.Cut(a, "=")
		case strings.HasPrefix(a, "-"):
			fmt.Fprintf(errOut, "convenor: unknown flag %s; see convenor help\n", a)
			return 2, false, ""
		case commands[a] == nil && i == len(args)-1 && workspace == "" && isWorkspaceFile(a):
			// A desktop opening a workspace file passes its path alone.
			return 0, true, a
		default:
			cmd, ok := commands[a]
			if !ok {
				fmt.Fprintf(errOut, "convenor: no command %q; the commands are %s (convenor help says what each does)\n", a, commandNames())
				return 2, false, ""
			}
			rest := args[i+1:]
			if workspace != "" {
				rest = append([]string{"--workspace", workspace}, rest...)
			}
			return cmd(rest, out, errOut), false, ""
		}
	}
	return 0, true, workspace
}

// isWorkspaceFile reports whether path names a file a desktop would hand
// Convenor to open: one that exists, or any path ending .convenor (a new
// one is created, as the window's Open does).
func isWorkspaceFile(path string) bool {
	if strings.HasSuffix(strings.ToLower(path), ".convenor") {
		return true
	}
	info, err := os.Stat(path)
	return err == nil && info.Mode().IsRegular()
}

// noDisplay says why the window cannot open, or "" when it can (or when
// it cannot tell: a display on another host, or Wayland, is trusted).
// Without this, GLFW panics with a stack trace a desk officer cannot read.
func noDisplay() string {
	if runtime.GOOS != "linux" && runtime.GOOS != "freebsd" && runtime.GOOS != "openbsd" && runtime.GOOS != "netbsd" {
		return ""
	}
	display := os.Getenv("DISPLAY")
	if os.Getenv("WAYLAND_DISPLAY") != "" {
		return ""
	}
	if display == "" {
		return "Convenor needs a graphical desktop to open its window, and there is none here (neither DISPLAY nor WAYLAND_DISPLAY is set); the command-line tools work without one: see convenor help."
	}
	host, screen, ok := strings.Cut(display, ":")
	if !ok || (host != "" && host != "unix") {
		return ""
	}
	n, _, _ := strings.Cut(screen, ".")
	sock := "/tmp/.X11-unix/X" + n
	for _, addr := range []string{sock, "@" + sock} { // a file, or Linux's abstract socket
		if c, err := net.DialTimeout("unix", addr, 2*time.Second); err == nil {
			c.Close()
			return ""
		}
	}
	return "Convenor cannot open its window: the display " + display + " named in DISPLAY does not answer; start Convenor from the desktop, or use the command-line tools: see convenor help."
}

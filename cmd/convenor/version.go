package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
)

// version is Convenor's release, from FyneApp.toml: the scripts that build
// it (run, package) pass it with -ldflags "-X main.version=…", and
// `fyne package` writes it into the app's metadata; a plain `go build`
// says where it came from instead.
var version = ""

// Version is what --version, the About dialog and the packages say.
func Version(metadata string) string {
	switch {
	case version != "":
		return version
	case metadata != "" && metadata != "0.0.0":
		return metadata
	}
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				return "development build " + s.Value[:12]
			}
		}
	}
	return "development build"
}

func printVersion(out io.Writer) {
	fmt.Fprintf(out, "Convenor %s (%s, %s/%s)\n", Version(""), runtime.Version(), runtime.GOOS, runtime.GOARCH)
}

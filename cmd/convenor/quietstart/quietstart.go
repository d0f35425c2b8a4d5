// Package quietstart runs before Fyne's packages are initialised (Go
// initialises packages in import-path order once their own imports are
// done, and this one imports only the standard library), so that a
// headless subcommand prints nothing but its own output.
//
// Fyne reads the user's language while its packages initialise, and logs an
// error for the C locale ("C.UTF-8", which minimal systems and CI set):
// that locale means "no translation", so Fyne is told English instead.
// Anything else Fyne logs while initialising is held back; main restores
// the log before it opens a window.
package quietstart

import (
	"io"
	"log"
	"os"
	"strings"
)

func init() {
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		val := os.Getenv(v)
		if val == "" {
			continue
		}
		if val == "C" || val == "POSIX" || strings.HasPrefix(val, "C.") || strings.HasPrefix(val, "POSIX.") {
			os.Setenv(v, "en_US.UTF-8")
		}
		break
	}
	log.SetOutput(io.Discard)
}

// RestoreLog lets the standard logger write to standard error again.
func RestoreLog() { log.SetOutput(os.Stderr) }

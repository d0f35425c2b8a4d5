# Shared by the scripts: build tags, locale, and the system packages Fyne and
# SQLite need. Sourced, not run.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# go-sqlite3 has FTS5 only with this tag; every build, test and run uses it.
export GOFLAGS="${GOFLAGS:-} -tags=sqlite_fts5"
# Fyne cannot parse the C locale; it reads LC_ALL, then LC_MESSAGES, then LANG.
case "${LANG:-C}" in C|POSIX|"") export LANG=C.UTF-8 ;; esac
for v in LC_ALL LC_MESSAGES; do
  case "${!v:-}" in C|POSIX) export "$v=C.UTF-8" ;; esac
done

# install_system_packages installs what cgo, OpenGL and X11 need, if missing,
# Xvfb, in which the idle-window test runs the app in a real window, and
# poppler-utils, with which the briefing test reads and renders its PDF.
install_system_packages() {
  local need=(gcc pkg-config libgl1-mesa-dev xorg-dev xvfb poppler-utils)
  local missing=()
  for p in "${need[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "Installing system packages: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
}

# version is the release FyneApp.toml names: the one place it is kept.
version() { sed -n 's/^ *Version *= *"\(.*\)"/\1/p' FyneApp.toml; }
# VERSION_FLAGS stamp it into a build (convenor --version, the About dialog).
VERSION_FLAGS="-X main.version=$(version)"

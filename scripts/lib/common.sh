# Shared helpers for the scripts in scripts/: sourced, never run. Every install is announced with its reason so a
# reader of a CI log knows why a run took longer; nothing is printed when nothing needs doing.

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

say() { printf '[octavia] %s\n' "$*" >&2; }
die() { printf '[octavia] error: %s\n' "$*" >&2; exit 1; }

# Runs a command as root: directly when we are root (CI, dev machines), through sudo otherwise.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else die "need root to run: $*"
  fi
}

APT_UPDATED=${APT_UPDATED:-}
# apt_install REASON PACKAGE...: installs Debian packages, refreshing the package lists once per run first.
apt_install() {
  local reason=$1; shift
  command -v apt-get >/dev/null 2>&1 || die "apt-get not found; install by hand: $* ($reason)"
  say "installing Debian packages: $* — $reason"
  if [ -z "$APT_UPDATED" ]; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
    APT_UPDATED=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@"
}

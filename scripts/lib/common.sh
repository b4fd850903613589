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
# Another apt (unattended upgrades, a parallel install) may hold the dpkg lock: wait for it instead of failing.
APT_LOCK_WAIT=${APT_LOCK_WAIT:-900}
# apt_install REASON PACKAGE...: installs Debian packages, refreshing the package lists once per run first.
apt_install() {
  local reason=$1; shift
  command -v apt-get >/dev/null 2>&1 || die "apt-get not found; install by hand: $* ($reason)"
  say "installing Debian packages: $* — $reason"
  if [ -z "$APT_UPDATED" ]; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout="$APT_LOCK_WAIT" update -q >/dev/null
    APT_UPDATED=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout="$APT_LOCK_WAIT" install -y -q "$@"
}

# stop_package_service NAME WHY: Debian packages start their system service on install; ours run their own
# processes, so the service the package started is stopped (and disabled under systemd).
stop_package_service() {
  local name=$1 why=$2
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet "$name.service" 2>/dev/null; then
    say "stopping and disabling the system $name.service the package started — $why"
    as_root systemctl stop "$name.service"
    as_root systemctl disable "$name.service" >/dev/null 2>&1 || true
  elif [ -x "/etc/init.d/$name" ] && as_root "/etc/init.d/$name" status >/dev/null 2>&1; then
    # without systemd the init script stops it again by its pid file
    say "stopping the system $name the package started through /etc/init.d — $why"
    as_root "/etc/init.d/$name" stop >/dev/null
  fi
}

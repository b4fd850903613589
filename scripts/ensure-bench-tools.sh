#!/usr/bin/env bash
# Installs what the data-plane benchmarks (bench/amphora.ts) need when missing: Debian's nginx as fast backend
# servers (a Node or Python backend caps far below HAProxy and would hide its cost) and wrk as the load generator.
# The benchmark runs its own nginx processes from a temporary config on loopback high ports and stops them by PID;
# the package's system service is stopped and disabled right after the install, because nothing of ours uses it.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

missing=()
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
[ ${#missing[@]} -eq 0 ] && exit 0

apt_install "backends and load generator for the amphora data-plane benchmark" "${missing[@]}"

if [[ " ${missing[*]} " == *" nginx "* ]]; then
  stop_package_service nginx "it binds port 80 and we do not use it"
fi
command -v wrk >/dev/null 2>&1 || die "wrk is still not on PATH after installing Debian's package"

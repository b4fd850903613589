#!/usr/bin/env bash
# Installs Debian's strace when missing: the API fuzz suite runs the service under `strace -f` to prove that no
# request makes it write a file outside its state directory.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
command -v strace >/dev/null 2>&1 && exit 0
apt_install "strace for the API fuzz suite's file-write check" strace
command -v strace >/dev/null 2>&1 || die "strace is still not on PATH after installing Debian's package"

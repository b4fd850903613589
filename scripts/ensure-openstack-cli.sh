#!/usr/bin/env bash
# Installs Debian's OpenStack CLI with the Octavia plugin for the CLI compatibility tests, when either is missing.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

# The plugin must be importable by the interpreter `openstack` runs under (a pyenv python3 on PATH is another one).
plugin_present() {
  local cli shebang
  cli=$(command -v openstack) || return 1
  shebang=$(head -n 1 "$cli")
  case $shebang in
    '#!'*python*) ${shebang#'#!'} -c 'import octaviaclient.osc.plugin' >/dev/null 2>&1 ;;
    *) dpkg-query -W -f='${Status}' python3-octaviaclient 2>/dev/null | grep -q 'install ok installed' ;;
  esac
}

if ! command -v openstack >/dev/null 2>&1; then
  apt_install "the openstack CLI and its Octavia plugin for the CLI compatibility tests" \
    python3-openstackclient python3-octaviaclient
elif ! plugin_present; then
  apt_install "the Octavia plugin of the openstack CLI for the CLI compatibility tests" python3-octaviaclient
fi

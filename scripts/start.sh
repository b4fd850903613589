#!/usr/bin/env bash
# npm start [-- --config-file <path> ...]
# Installs the npm packages when missing or stale, builds dist/ and runs the all-in-one service in the foreground
# (it migrates the database first). Configuration: ./etc/octavia.conf unless --config-file is given, then
# OCTAVIA__<SECTION>__<OPTION> environment variables, e.g. OCTAVIA__API_SETTINGS__BIND_PORT=9899 npm start.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$REPO_ROOT"

scripts/ensure-node-modules.sh
scripts/ensure-haproxy.sh
npm run --silent build
exec node dist/cli/main.js all-in-one "$@"

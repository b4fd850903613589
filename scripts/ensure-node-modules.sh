#!/usr/bin/env bash
# Installs the npm dependencies when node_modules is missing or does not match package-lock.json.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$REPO_ROOT"

if [ ! -f package-lock.json ]; then
  say "running npm install — there is no package-lock.json yet"
  npm install --no-audit --no-fund
  exit 0
fi
if reason=$(node scripts/check-node-modules.mjs 2>&1); then
  exit 0
fi
say "running npm ci — $reason (better-sqlite3 compiles from source: about a minute and a half)"
npm ci --no-audit --no-fund
node scripts/check-node-modules.mjs || die "node_modules is still not what package-lock.json describes after npm ci"

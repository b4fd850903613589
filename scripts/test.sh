#!/usr/bin/env bash
# npm test [-- <test files or directories> <node --test options>]
# Installs what the tests need and is missing (npm packages, the openstack CLI with the Octavia plugin, PostgreSQL
# and MariaDB servers), checks formatting and lint (biome), type-checks everything, builds dist/ (the CLI compatibility
# tests run it) and runs the tests.
# OCTAVIA_TEST_DATABASES=sqlite limits the database matrix (and what gets installed for it).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$REPO_ROOT"

# Tests build their own configuration; overrides meant for `npm start` must not leak into them.
for var in $(compgen -e | grep '^OCTAVIA__' || true); do
  say "ignoring $var for the test run"
  unset "$var"
done

scripts/ensure-node-modules.sh
scripts/ensure-openstack-cli.sh
scripts/ensure-octavia-python.sh
scripts/ensure-haproxy.sh
scripts/ensure-keystone.sh
scripts/ensure-strace.sh
export OCTAVIA_TEST_PG_URL=${OCTAVIA_TEST_PG_URL:-postgresql://postgres@127.0.0.1:5432/postgres}
export OCTAVIA_TEST_MYSQL_URL=${OCTAVIA_TEST_MYSQL_URL:-mysql://root@127.0.0.1:3306/mysql}
scripts/ensure-test-databases.sh

# Formatting and lint (biome.jsonc) first: they take a second and say exactly what to fix (`npx biome check --write`).
npx biome ci --colors=off || { say "formatting or lint failed: npx biome check --write fixes what it can"; exit 1; }

# The type-check (src, test, bench) and the build (src only) are independent: run them side by side.
logs=$(mktemp -d)
npx tsc -p tsconfig.json >"$logs/typecheck.log" 2>&1 & typecheck=$!
npm run --silent build >"$logs/build.log" 2>&1 & build=$!
ok=1
wait "$typecheck" || { say "type-check failed (npx tsc -p tsconfig.json):"; grep -v 'npm warn' "$logs/typecheck.log" >&2; ok=0; }
wait "$build" || { say "build failed (npm run build):"; grep -v 'npm warn' "$logs/build.log" >&2; ok=0; }
rm -rf "$logs"
[ "$ok" -eq 1 ] || exit 1

exec node scripts/run-tests.mjs "$@"

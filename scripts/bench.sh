#!/usr/bin/env bash
# npm run bench [-- <name>...]: runs bench/<name>.ts (default: every bench/*.ts) against the built service.
# Each benchmark starts `node dist/cli/main.js all-in-one` itself; dist/ is rebuilt first when src/ is newer.
# Results land in bench/results/<name>.{json,md}. Knobs (env): see the header of each bench/*.ts.
set -euo pipefail
cd "$(dirname "$0")/.."

newer=$(find src package.json tsconfig.json tsconfig.build.json -newer dist/cli/main.js -print -quit 2>/dev/null || true)
if [[ ! -f dist/cli/main.js ]] || [[ -n "$newer" ]]; then
  echo "bench: building dist/ (src is newer than the last build)"
  npm run --silent build
fi

# nginx (fast backends) and wrk (load generator) for the amphora data-plane benchmark
scripts/ensure-bench-tools.sh

if [[ $# -gt 0 ]]; then
  names=("$@")
else
  names=()
  for f in bench/*.ts; do names+=("$(basename "$f" .ts)"); done
fi

for name in "${names[@]}"; do
  if [[ ! -f "bench/$name.ts" ]]; then
    echo "bench: no benchmark bench/$name.ts" >&2
    exit 2
  fi
  echo "bench: $name"
  node --import tsx "bench/$name.ts"
done

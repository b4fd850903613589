// Exits 0 when node_modules matches package-lock.json, 1 (with the reason on stderr) when `npm ci` is needed.
// npm records what it installed in node_modules/.package-lock.json; its entries are copies of the lockfile's, so an
// exact comparison tells a stale tree (lockfile changed, install interrupted) from a current one without running npm.
import { existsSync, readFileSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
const stale = (why) => {
  process.stderr.write(`${why}\n`);
  process.exit(1);
};

if (!existsSync(`${root}node_modules`)) stale('node_modules is missing');
if (!existsSync(`${root}node_modules/.package-lock.json`)) stale('node_modules has no record of its install');
const wanted = JSON.parse(readFileSync(`${root}package-lock.json`, 'utf8')).packages ?? {};
const have = JSON.parse(readFileSync(`${root}node_modules/.package-lock.json`, 'utf8')).packages ?? {};

for (const [path, entry] of Object.entries(wanted)) {
  if (path === '') continue;
  // Optional packages for other platforms (esbuild's, fsevents) are legitimately absent.
  if (!have[path] && !entry.optional) stale(`${path} is not installed`);
  if (have[path] && JSON.stringify(have[path]) !== JSON.stringify(entry)) stale(`${path} differs from package-lock.json`);
}
for (const path of Object.keys(have)) {
  if (!wanted[path]) stale(`${path} is installed but not in package-lock.json`);
}
// The native addon is built by an install script; a failed build still leaves the package folder behind.
if (wanted['node_modules/better-sqlite3'] && !existsSync(`${root}node_modules/better-sqlite3/build/Release/better_sqlite3.node`)) {
  stale('better-sqlite3 has no compiled addon');
}

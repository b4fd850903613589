// node scripts/run-tests.mjs [node --test options] [files or directories...]
// Runs the test files (default: every src/**/*.test.ts and test/**/*.test.ts) with node:test + tsx, prints the spec
// report, and judges the run from a TAP copy of it: the run fails when a test fails or is cancelled, when any test
// is skipped or todo, and when no test ran at all. Node 20's `node --test` finds no TypeScript files by itself (and
// then passes with 0 tests), hence the explicit file list.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';

const DEFAULT_ROOTS = ['src', 'test'];
const concurrency = Number(process.env.OCTAVIA_TEST_CONCURRENCY ?? availableParallelism());
// Node 20 applies --test-timeout to each file as a whole: a hung file is cancelled instead of stalling CI.
const fileTimeoutMs = Number(process.env.OCTAVIA_TEST_FILE_TIMEOUT_MS ?? 10 * 60 * 1000);

function testFilesUnder(dir) {
  return readdirSync(dir, { recursive: true })
    .map((f) => join(dir, String(f)))
    .filter((f) => f.endsWith('.test.ts') && !f.split('/').includes('node_modules'));
}

function selectFiles(args) {
  // `npm test -- <path>` runs us from the repository root; paths are meant from where the user typed them.
  const base = process.env.INIT_CWD ?? process.cwd();
  const targets = args.length > 0 ? args.map((a) => resolve(base, a)) : DEFAULT_ROOTS;
  const files = [];
  for (const target of targets) {
    let stat;
    try {
      stat = statSync(target);
    } catch {
      fail(`no such test file or directory: ${target}`);
    }
    files.push(...(stat.isDirectory() ? testFilesUnder(target) : [target]));
  }
  return [...new Set(files.map((f) => relative(process.cwd(), f)))].sort();
}

function fail(message) {
  process.stderr.write(`[octavia] ${message}\n`);
  process.exit(1);
}

/**
 * The top-level summary (`# tests N` ...), every skipped or todo test, and the files that declared no test, of a
 * node:test TAP report. Node 20 reports a file that declares no test as one passing test named after the file.
 */
function readTap(text, files) {
  const summary = {};
  const notRun = [];
  const absolute = new Set(files.map((f) => resolve(f)));
  const empty = [];
  for (const line of text.split('\n')) {
    const fileLevel = /^ok \d+ - (.*)$/.exec(line);
    if (fileLevel && absolute.has(fileLevel[1])) empty.push(relative(process.cwd(), fileLevel[1]));
    const count = /^# (tests|suites|pass|fail|cancelled|skipped|todo) (\d+)$/.exec(line);
    if (count) summary[count[1]] = Number(count[2]);
    // A directive is an unescaped "# SKIP" / "# TODO" after the name; a '#' inside a name is written '\#'.
    const directive = /^\s*(?:not )?ok \d+ - (.*?)(?<!\\) # (SKIP|TODO)\b(.*)$/i.exec(line);
    if (directive) notRun.push(`${directive[2].toUpperCase()}: ${directive[1].replaceAll('\\#', '#')}${directive[3]}`);
  }
  return { summary, notRun, empty };
}

const args = process.argv.slice(2);
const nodeOptions = args.filter((a) => a.startsWith('-'));
const files = selectFiles(args.filter((a) => !a.startsWith('-')));
if (files.length === 0) fail('no test files found');

const tapDir = mkdtempSync(join(tmpdir(), 'octavia-tap-'));
const tapFile = join(tapDir, 'report.tap');
const child = spawn(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    `--test-concurrency=${concurrency}`,
    `--test-timeout=${fileTimeoutMs}`,
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=tap',
    `--test-reporter-destination=${tapFile}`,
    ...nodeOptions,
    ...files,
  ],
  { stdio: 'inherit' },
);

// Forward ^C / SIGTERM to the test run we started so it can end its own file processes.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));

const code = await new Promise((resolve) => child.on('exit', (c, s) => resolve(c ?? (s ? 128 : 1))));

let tap = '';
try {
  tap = readFileSync(tapFile, 'utf8');
} catch {
  fail(`the test run wrote no TAP report (exit code ${code})`);
}
const { summary, notRun, empty } = readTap(tap, files);
const problems = [];
if (summary.tests === undefined) problems.push('the TAP report has no summary');
if (summary.tests === 0) problems.push('no test ran (# tests 0)');
if (summary.fail > 0) problems.push(`${summary.fail} failed`);
if (summary.cancelled > 0) problems.push(`${summary.cancelled} cancelled (a file crashed or timed out)`);
if (summary.skipped > 0 || summary.todo > 0) {
  problems.push(`${summary.skipped ?? 0} skipped and ${summary.todo ?? 0} todo (not allowed here)`);
  process.stdout.write(`\nskipped or todo tests (the suite allows none):\n${notRun.map((l) => `  ${l}\n`).join('')}`);
}
if (empty.length > 0) problems.push(`files that declare no test: ${empty.join(', ')}`);
if (code !== 0 && problems.length === 0) problems.push(`node --test exited with code ${code}`);

const failed = (summary.fail ?? 0) + (summary.cancelled ?? 0) + empty.length;
const passed = (summary.pass ?? 0) - empty.length;
if (problems.length > 0) {
  process.stderr.write(`[octavia] test run failed: ${problems.join('; ')} (TAP report: ${tapFile})\n`);
} else {
  rmSync(tapDir, { recursive: true, force: true });
}
// The last line, in the plain form CI summaries read.
process.stdout.write(`ran ${files.length} test files\ntests: ${passed} passed, ${failed} failed\n`);
process.exit(problems.length > 0 ? 1 : 0);

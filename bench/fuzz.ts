// The API fuzz suite (test/fuzz) at length: BENCH_FUZZ_CASES cases (default 100,000) on each BENCH_FUZZ_RUNS
// database × provider pair (default sqlite:amphora), against the built all-in-one under strace, every invariant
// checked after every case. Not a timing benchmark: it records how many cases and requests ran, what they answered,
// and every finding (the same ones the test reports), in bench/results/fuzz.{json,md}.
// Knobs: BENCH_FUZZ_CASES, BENCH_FUZZ_SEED (default 20261203), BENCH_FUZZ_RUNS (e.g. sqlite:amphora,postgres:noop_driver).
import { loadavg } from 'node:os';
import type { Dialect } from '../src/db/url.js';
import { runFuzz, type FuzzReport } from '../test/fuzz/runner.js';
import { startFuzzTarget, type FuzzProvider } from '../test/fuzz/target.js';
import { machineInfo, writeResults } from './support/results.js';

const CASES = Number(process.env.BENCH_FUZZ_CASES ?? 100_000);
const SEED = Number(process.env.BENCH_FUZZ_SEED ?? 20261203);
const RUNS = (process.env.BENCH_FUZZ_RUNS ?? 'sqlite:amphora').split(',').map((r) => r.split(':') as [Dialect, FuzzProvider]);

const results: { dialect: string; provider: string; seed: number; load1Before: number; report: FuzzReport }[] = [];
for (const [dialect, provider] of RUNS) {
  const load1Before = loadavg()[0] ?? 0;
  const target = await startFuzzTarget(dialect, provider);
  try {
    const report = await runFuzz(target, {
      cases: CASES,
      seed: SEED,
      onProgress: (n, r) =>
        process.stderr.write(
          `fuzz ${dialect}/${provider}: ${n} cases, ${r.requests} requests, ${r.findings.length} findings, ${Math.round(r.seconds)} s\n`,
        ),
    });
    results.push({ dialect, provider, seed: SEED, load1Before, report });
  } finally {
    await target.stop();
  }
}

const lines = [
  '# API fuzz run',
  '',
  `Generated ${new Date().toISOString()} by \`npm run bench -- fuzz\` (bench/fuzz.ts); the same cases and invariants as ` +
    `test/fuzz/api-fuzz.test.ts, at length.`,
  '',
  '| database | provider | seed | cases | requests | seconds | cases/s | findings | load1 before |',
  '|---|---|---|---|---|---|---|---|---|',
  ...results.map(
    (r) =>
      `| ${r.dialect} | ${r.provider} | ${r.seed} | ${r.report.cases} | ${r.report.requests} | ${r.report.seconds.toFixed(0)} | ` +
      `${(r.report.cases / r.report.seconds).toFixed(0)} | ${r.report.findings.length} | ${r.load1Before.toFixed(2)} |`,
  ),
  '',
  '## Answers by status',
  '',
  ...results.map(
    (r) =>
      `- ${r.dialect}/${r.provider}: ${Object.entries(r.report.statuses)
        .map(([s, n]) => `${s}: ${n}`)
        .join(', ')}`,
  ),
  '',
  '## Findings',
  '',
  ...results.flatMap((r) =>
    r.report.findings.length === 0
      ? [`- ${r.dialect}/${r.provider}: none`]
      : r.report.findings.map(
          (f) =>
            `- ${r.dialect}/${r.provider} case ${f.case}: ` +
            `${f.problem.replace(/\n/g, ' ').slice(0, 300)}${f.request ? ` — \`${f.request.replace(/\n/g, ' ').slice(0, 300)}\`` : ''}`,
        ),
  ),
  '',
];
const files = writeResults(
  'fuzz',
  { generatedAt: new Date().toISOString(), machine: machineInfo({}), cases: CASES, runs: results },
  lines.join('\n'),
);
process.stdout.write(`${lines.join('\n')}\nwritten: ${files.md}\n`);
if (results.some((r) => r.report.findings.length > 0)) process.exitCode = 1;

// Discovery run (not a test): FUZZ_CASES cases on FUZZ_DIALECT/FUZZ_PROVIDER from FUZZ_SEED, every finding printed;
// FUZZ_TRACE=POST (a method) also prints each such request with its answer.
// node --import tsx test/fuzz/discover.ts (after npm run build)
import { runFuzz } from './runner.js';
import { startFuzzTarget, type FuzzProvider } from './target.js';
import type { Dialect } from '../../src/db/url.js';

const target = await startFuzzTarget(
  (process.env.FUZZ_DIALECT ?? 'sqlite') as Dialect,
  (process.env.FUZZ_PROVIDER ?? 'noop_driver') as FuzzProvider,
);
try {
  const report = await runFuzz(target, {
    cases: Number(process.env.FUZZ_CASES ?? 300),
    seed: Number(process.env.FUZZ_SEED ?? 1),
    onProgress: (n, r) => console.error(`${n} cases, ${r.findings.length} findings, ${r.seconds}s`),
  });
  console.log(JSON.stringify({ ...report, findings: undefined }, null, 1));
  for (const f of report.findings) console.log(`--- case ${f.case}: ${f.problem}\n    ${f.request ?? ''}`);
} finally {
  await target.stop();
}

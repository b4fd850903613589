// Property-based fuzzing of the whole API surface (v2 resources, amphora admin API, the Neutron subset) against the
// built service in its own process: random and adversarial bodies, query strings and path ids from six personas,
// concurrent writes; after every case no 5xx, fault bodies, no internal text, no other project's objects, a
// consistent database once settled, and at the end no file written outside the state directory.
// OCTAVIA_FUZZ_CASES (default 1000) cases per database × provider; OCTAVIA_FUZZ_SEED changes the sequence.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Dialect } from '../../src/db/url.js';
import { testDialects } from '../support/databases.js';
import { runFuzz } from './runner.js';
import { type FuzzProvider, type FuzzTarget, startFuzzTarget } from './target.js';

const CASES = Number(process.env.OCTAVIA_FUZZ_CASES ?? 1000);
const SEED = Number(process.env.OCTAVIA_FUZZ_SEED ?? 20261202);

// the flows of both providers on the embedded database; each server once (the amphora flows write the most)
const RUNS: readonly [Dialect, FuzzProvider][] = [
  ['sqlite', 'noop_driver'],
  ['sqlite', 'amphora'],
  ['postgres', 'amphora'],
  ['mysql', 'noop_driver'],
];

for (const [dialect, provider] of RUNS.filter(([d]) => testDialects().includes(d))) {
  describe(`API fuzz [${dialect}, ${provider}]`, () => {
    let target: FuzzTarget;
    before(async () => {
      target = await startFuzzTarget(dialect, provider);
    });
    after(async () => target?.stop());

    it(`${CASES} cases break no invariant`, async () => {
      const report = await runFuzz(target, { cases: CASES, seed: SEED });
      const shown = report.findings
        .slice(0, 15)
        .map((f) => `case ${f.case}: ${f.problem}\n    ${f.request ?? ''}`)
        .join('\n');
      assert.equal(report.cases, CASES);
      assert.deepEqual(
        report.findings.map((f) => f.problem),
        [],
        `${report.findings.length} findings:\n${shown}`,
      );
    });
  });
}

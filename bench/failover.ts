// Failover benchmark on the built all-in-one service with real amphorae and the default health timings
// (heartbeat_interval 1 s, heartbeat_timeout 5 s, health_check_interval 1 s, set explicitly): SIGKILL of the
// amphora's process group → first successful request through the VIP again, BENCH_FAILOVERS (default 10) times on
// one load balancer; p50/p90/max. A client probes the VIP every 10 ms on a new connection; the time runs from the
// kill to the first success after the first failure (a response already in flight at the kill does not count).
// Between rounds the load balancer is ACTIVE again and the new amphora has heartbeated (only an amphora that did is
// failed over). Target: p50 < 5 s.
// Writes bench/results/failover.{json,md}.
import { loadavg } from 'node:os';
import { amphoraGroupPid } from './support/dataplane.js';
import { allocatedAmphora, probe, resultsHeader, sleep, summary, waitFor, withFailoverBench, writeResults } from './support/failover.js';

const FAILOVERS = Number(process.env.BENCH_FAILOVERS ?? 10);
const TARGET_P50_MS = 5000;
const PORT = 18090;

async function main(): Promise<void> {
  const samples: { ms: number; detectToActiveMs: number; load1: number }[] = [];
  await withFailoverBench('failover-bench', PORT, async ({ service, baseDir, lbId, vipUrl, lbState, readyAmphora }) => {
    for (let i = 0; i < FAILOVERS; i++) {
      const amp = await readyAmphora();
      const pid = amphoraGroupPid(baseDir, amp.compute_id);

      const killedAt = performance.now();
      process.kill(-pid, 'SIGKILL');
      let failedOnce = false;
      let backAt = 0;
      let activeAgainAt = 0;
      const deadline = killedAt + 60_000;
      while (performance.now() < deadline) {
        const ok = await probe(vipUrl);
        if (!ok) failedOnce = true;
        else if (failedOnce) {
          backAt = performance.now();
          break;
        }
        await sleep(10);
      }
      if (!backAt) throw new Error(`round ${i}: the VIP did not serve again within 60 s`);
      await waitFor(
        'ACTIVE after failover',
        async () => {
          const s = await lbState();
          if (s.provisioning_status === 'ACTIVE') {
            activeAgainAt = performance.now();
            return true;
          }
          return undefined;
        },
        60_000,
      );
      const replacement = await allocatedAmphora(service, lbId);
      if (!replacement || replacement.id === amp.id) throw new Error(`round ${i}: no replacement amphora`);
      const ms = Math.round(backAt - killedAt);
      samples.push({ ms, detectToActiveMs: Math.round(activeAgainAt - killedAt), load1: Math.round(loadavg()[0]! * 100) / 100 });
      console.log(`failover ${i + 1}/${FAILOVERS}: kill → first success ${ms} ms`);
    }
  });

  const stats = summary(samples.map((s) => s.ms));
  const p50 = stats.p50Ms;
  const results = {
    ...stats,
    samples,
    target: `p50 < ${TARGET_P50_MS} ms`,
    pass: p50 < TARGET_P50_MS,
  };
  const md = [
    ...resultsHeader('# Failover benchmark', results.generatedAt, results.machine),
    'Time from SIGKILL of the amphora process group to the first successful request through the VIP again (probe every 10 ms, new ' +
      'connection each).',
    '',
    '| failovers | p50 ms | p90 ms | min ms | max ms | target |',
    '|--:|--:|--:|--:|--:|:-:|',
    `| ${results.failovers} | ${results.p50Ms} | ${results.p90Ms} | ${results.minMs} | ${results.maxMs} | ` +
      `${results.pass ? 'PASS' : 'MISS'} (${results.target}) |`,
    '',
    `Samples (ms): ${samples.map((s) => s.ms).join(', ')}.`,
    '',
    'What is measured: the service built these amphorae, so its process compute driver sees the agent exit and marks',
    'the amphora stale at once (src/runtime/services.ts watchInstanceExits); the figure is that path plus the rebuild.',
    'An amphora the service did not start (one re-adopted after a controller restart, or on another host) is noticed',
    'only by missing heartbeats: its last heartbeat must be heartbeat_timeout old (heartbeat_timeout minus up to one',
    'heartbeat_interval after the kill) and the next scan comes within health_check_interval, so with these defaults',
    'that path averages about 5 s before the rebuild starts and cannot meet the 5 s target.',
    '',
  ].join('\n');
  writeResults('failover', results, md);
  console.log(md);
}

await main();

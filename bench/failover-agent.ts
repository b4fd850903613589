// Agent-death benchmark on the built all-in-one service with real amphorae and the default health timings
// (1/5/1 s): SIGKILL of the amphora's agent alone (its HAProxy keeps running, as after a crash or an OOM kill of the
// agent), BENCH_FAILOVERS (default 10) times on one load balancer. A client probes the VIP every 10 ms on a new
// connection from the kill until the load balancer is ACTIVE on a replacement amphora. Per round: kill → ACTIVE on
// the replacement, failed probes, and processes of the old amphora still running at that moment (its registry
// entries with the same start time, its group, anything inside its directory). Targets: p50 kill → ACTIVE < 5 s,
// no process of an old amphora left.
// Writes bench/results/failover-agent.{json,md}.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { isSameProcess, readProcessRegistry, type RecordedProcess } from '../src/common/process-registry.js';
import { agentLayout } from '../src/contracts/agent-api.js';
import { groupMembers } from '../src/drivers/compute/process-group.js';
import { amphoraGroupPid } from './support/dataplane.js';
import { allocatedAmphora, probe, resultsHeader, sleep, summary, withFailoverBench, writeResults } from './support/failover.js';

const FAILOVERS = Number(process.env.BENCH_FAILOVERS ?? 10);
const TARGET_P50_MS = 5000;
const PORT = 18091;

/** Live processes that were the amphora's: recorded (same start time), in its group, or inside its directory. */
function leftovers(dir: string, pgid: number, recorded: readonly RecordedProcess[]): number[] {
  const inside = readdirSync('/proc')
    .filter((e) => /^\d+$/.test(e))
    .filter((e) => {
      try {
        return readlinkSync(`/proc/${e}/cwd`).startsWith(`${dir}/`) || readFileSync(`/proc/${e}/cmdline`, 'utf8').includes(dir);
      } catch {
        return false;
      }
    })
    .map(Number);
  return [...new Set([...recorded.filter(isSameProcess).map((p) => p.pid), ...groupMembers(pgid), ...inside])];
}

async function main(): Promise<void> {
  const samples: { killToActiveMs: number; probes: number; failedProbes: number; leftoverProcesses: number; load1: number }[] = [];
  await withFailoverBench('failover-agent-bench', PORT, async ({ service, baseDir, lbId, vipUrl, lbState, readyAmphora }) => {
    for (let i = 0; i < FAILOVERS; i++) {
      const amp = await readyAmphora();
      const dir = join(baseDir, amp.compute_id);
      const pid = amphoraGroupPid(baseDir, amp.compute_id);
      const recorded = readProcessRegistry(agentLayout.processRegistry(join(dir, 'state')));

      const killedAt = performance.now();
      process.kill(pid, 'SIGKILL');
      let probes = 0;
      let failedProbes = 0;
      let activeAt = 0;
      const deadline = killedAt + 60_000;
      while (performance.now() < deadline) {
        probes++;
        if (!(await probe(vipUrl))) failedProbes++;
        if (probes % 10 === 0 && (await lbState()).provisioning_status === 'ACTIVE') {
          const now = await allocatedAmphora(service, lbId);
          if (now && now.id !== amp.id) {
            activeAt = performance.now();
            break;
          }
        }
        await sleep(10);
      }
      if (!activeAt) throw new Error(`round ${i}: no replacement ACTIVE within 60 s`);
      const left = leftovers(dir, pid, recorded);
      samples.push({
        killToActiveMs: Math.round(activeAt - killedAt),
        probes,
        failedProbes,
        leftoverProcesses: left.length,
        load1: Math.round(loadavg()[0]! * 100) / 100,
      });
      console.log(
        `agent kill ${i + 1}/${FAILOVERS}: → ACTIVE on a replacement ${samples.at(-1)!.killToActiveMs} ms, ` +
          `${failedProbes}/${probes} probes failed, ${left.length} old processes left`,
      );
    }
  });

  const stats = summary(samples.map((s) => s.killToActiveMs));
  const p50 = stats.p50Ms;
  const failed = samples.reduce((n, s) => n + s.failedProbes, 0);
  const probes = samples.reduce((n, s) => n + s.probes, 0);
  const left = samples.reduce((n, s) => n + s.leftoverProcesses, 0);
  const results = {
    ...stats,
    failedProbes: failed,
    probes,
    leftoverProcesses: left,
    samples,
    target: `p50 < ${TARGET_P50_MS} ms, no process of an old amphora left`,
    pass: p50 < TARGET_P50_MS && left === 0,
  };
  const md = [
    ...resultsHeader('# Agent-death failover benchmark', results.generatedAt, results.machine),
    'SIGKILL of the agent alone (its HAProxy keeps serving); a client probes the VIP every 10 ms on a new connection until',
    "the load balancer is ACTIVE on a replacement amphora; then the old amphora's processes are counted.",
    '',
    '| failovers | kill → ACTIVE p50 ms | p90 ms | min ms | max ms | failed probes | old processes left | target |',
    '|--:|--:|--:|--:|--:|--:|--:|:-:|',
    `| ${results.failovers} | ${results.p50Ms} | ${results.p90Ms} | ${results.minMs} | ${results.maxMs} | ${failed} of ${probes} | ` +
      `${left} | ${results.pass ? 'PASS' : 'MISS'} (${results.target}) |`,
    '',
    `Samples (ms to ACTIVE / failed probes): ${samples.map((s) => `${s.killToActiveMs}/${s.failedProbes}`).join(', ')}.`,
    '',
  ].join('\n');
  writeResults('failover-agent', results, md);
  console.log(md);
}

await main();

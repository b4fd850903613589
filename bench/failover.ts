// Failover benchmark on the built all-in-one service with real amphorae and the default health timings
// (heartbeat_interval 1 s, heartbeat_timeout 5 s, health_check_interval 1 s, set explicitly): SIGKILL of the
// amphora's process group → first successful request through the VIP again, BENCH_FAILOVERS (default 10) times on
// one load balancer; p50/p90/max. A client probes the VIP every 10 ms on a new connection; the time runs from the
// kill to the first success after the first failure (a response already in flight at the kill does not count).
// Between rounds the load balancer is ACTIVE again and the new amphora has heartbeated (only an amphora that did is
// failed over). Target: p50 < 5 s.
// Writes bench/results/failover.{json,md}.
import { mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { getJson, LB_PATH, postJson, VIP_SUBNET_ID } from './support/api-client.js';
import { amphoraGroupPid, removeAmphorae, startNginxBackends } from './support/dataplane.js';
import { machineInfo } from './support/results.js';
import { REPO_ROOT, startService, type Service } from './support/service.js';

const FAILOVERS = Number(process.env.BENCH_FAILOVERS ?? 10);
const TIMINGS = { heartbeat_interval: 1, heartbeat_timeout: 5, health_check_interval: 1 };
const TARGET_P50_MS = 5000;
const PORT = 18090;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

function probe(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(url, { agent: false, timeout: 500 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode === 200));
      res.on('error', () => resolve(false));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

async function waitFor<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const v = await fn();
    if (v !== undefined) return v;
    await sleep(50);
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function allocatedAmphora(service: Service, lbId: string): Promise<{ id: string; compute_id: string } | undefined> {
  const body = await getJson(service.url, `/v2/octavia/amphorae?loadbalancer_id=${lbId}`);
  return (body.amphorae as { id: string; compute_id: string; status: string }[]).find((a) => a.status === 'ALLOCATED');
}

async function main(): Promise<void> {
  const nginx = await startNginxBackends(2);
  const baseDir = mkdtempSync(join(tmpdir(), 'octavia-bench-amphorae-'));
  let service: Service | undefined;
  const samples: { ms: number; detectToActiveMs: number; load1: number }[] = [];
  try {
    service = await startService({
      env: {
        OCTAVIA__API_SETTINGS__DEFAULT_PROVIDER_DRIVER: 'amphora',
        OCTAVIA__PROCESS_COMPUTE__BASE_DIR: baseDir,
        ...Object.fromEntries(Object.entries(TIMINGS).map(([k, v]) => [`OCTAVIA__HEALTH_MANAGER__${k.toUpperCase()}`, String(v)])),
      },
    });
    const created = await postJson(service.url, LB_PATH, {
      loadbalancer: {
        name: 'failover-bench',
        vip_subnet_id: VIP_SUBNET_ID,
        listeners: [
          {
            protocol: 'HTTP',
            protocol_port: PORT,
            default_pool: {
              name: 'failover-bench-pool',
              protocol: 'HTTP',
              lb_algorithm: 'ROUND_ROBIN',
              members: nginx.ports.map((port) => ({ address: '127.0.0.1', protocol_port: port })),
            },
          },
        ],
      },
    });
    const lbId = created.loadbalancer.id as string;
    const vipUrl = `http://${created.loadbalancer.vip_address}:${PORT}/`;
    const lbState = async () => (await getJson(service!.url, `${LB_PATH}/${lbId}`)).loadbalancer as { provisioning_status: string; operating_status: string };

    for (let i = 0; i < FAILOVERS; i++) {
      // ACTIVE, serving, and the current amphora has heartbeated for a few intervals
      await waitFor('ACTIVE', async () => ((await lbState()).provisioning_status === 'ACTIVE' ? true : undefined), 60_000);
      await waitFor('the VIP to serve', async () => ((await probe(vipUrl)) ? true : undefined), 30_000);
      await sleep(3000);
      const amp = (await allocatedAmphora(service, lbId))!;
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
      await waitFor('ACTIVE after failover', async () => {
        const s = await lbState();
        if (s.provisioning_status === 'ACTIVE') {
          activeAgainAt = performance.now();
          return true;
        }
        return undefined;
      }, 60_000);
      const replacement = await allocatedAmphora(service, lbId);
      if (!replacement || replacement.id === amp.id) throw new Error(`round ${i}: no replacement amphora`);
      const ms = Math.round(backAt - killedAt);
      samples.push({ ms, detectToActiveMs: Math.round(activeAgainAt - killedAt), load1: Math.round(loadavg()[0]! * 100) / 100 });
      console.log(`failover ${i + 1}/${FAILOVERS}: kill → first success ${ms} ms`);
    }
  } finally {
    await service?.stop();
    await removeAmphorae(baseDir);
    await nginx.stop();
  }

  const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
  const p50 = percentile(sorted, 50);
  const results = {
    generatedAt: new Date().toISOString(),
    machine: machineInfo({}),
    timings: TIMINGS,
    failovers: samples.length,
    p50Ms: p50,
    p90Ms: percentile(sorted, 90),
    minMs: sorted[0],
    maxMs: sorted.at(-1),
    samples,
    target: `p50 < ${TARGET_P50_MS} ms`,
    pass: p50 < TARGET_P50_MS,
  };
  const m = results.machine;
  const md = [
    '# Failover benchmark',
    '',
    `Generated ${results.generatedAt} on ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}.`,
    `Built all-in-one service (SQLite), real amphorae; heartbeat_interval ${TIMINGS.heartbeat_interval} s, heartbeat_timeout ${TIMINGS.heartbeat_timeout} s, health_check_interval ${TIMINGS.health_check_interval} s.`,
    'Time from SIGKILL of the amphora process group to the first successful request through the VIP again (probe every 10 ms, new connection each).',
    '',
    '| failovers | p50 ms | p90 ms | min ms | max ms | target |',
    '|--:|--:|--:|--:|--:|:-:|',
    `| ${results.failovers} | ${results.p50Ms} | ${results.p90Ms} | ${results.minMs} | ${results.maxMs} | ${results.pass ? 'PASS' : 'MISS'} (${results.target}) |`,
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
  const dir = join(REPO_ROOT, 'bench/results');
  for (const [file, content] of [[join(dir, 'failover.json'), `${JSON.stringify(results, null, 2)}\n`], [join(dir, 'failover.md'), md]] as const) {
    writeFileSync(`${file}.tmp`, content);
    renameSync(`${file}.tmp`, file);
  }
  console.log(md);
}

await main();

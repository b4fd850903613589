// Amphora benchmark on the built all-in-one service with real amphorae (process compute, agent over mutual TLS,
// loopback VIPs), backends from Debian's nginx (scripts/ensure-bench-tools.sh):
// (a) POST of the full graph (LB + HTTP listener + ROUND_ROBIN pool + 2 members, one request) → first successful
//     request through the VIP, BENCH_AMPHORA_CREATES (default 20) times one after another; p50/p99. The VIP is
//     probed every 5 ms on a new connection from the moment the POST answers. Target p50 < 1 s.
// (b) Requests/s through the VIP vs the same nginx backends behind a minimal hand-written haproxy.cfg (same HAProxy
//     binary, same wrk: -t2 -c50, BENCH_DURATION_S seconds, default 10), alternated three times; ratio of the
//     medians (one run disturbed by other work on the machine moves a mean, not a median).
//     Target ≥ 0.95.
// (c) Resident memory per amphora: VmRSS summed over the amphora's process group (agent + HAProxy master and
//     worker), idle amphorae and the one that just served (b).
// Writes bench/results/amphora.{json,md}.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { getJson, LB_PATH, postJson, VIP_SUBNET_ID } from './support/api-client.js';
import {
  amphoraGroupPid,
  groupRssKiB,
  removeAmphorae,
  runWrk,
  startBaselineHaproxy,
  startNginxBackends,
  type WrkResult,
} from './support/dataplane.js';
import { machineInfo } from './support/results.js';
import { REPO_ROOT, startService, type Service } from './support/service.js';
import { renameSync, writeFileSync } from 'node:fs';

const CREATES = Number(process.env.BENCH_AMPHORA_CREATES ?? 20);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const WRK = { connections: 50, threads: 2, durationS: DURATION_S };
const TARGET_CREATE_P50_MS = 1000;
const TARGET_RATIO = 0.95;
const LISTENER_PORT = 18080;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function graphBody(name: string, backendPorts: readonly number[]): unknown {
  return {
    loadbalancer: {
      name,
      vip_subnet_id: VIP_SUBNET_ID,
      listeners: [
        {
          protocol: 'HTTP',
          protocol_port: LISTENER_PORT,
          default_pool: {
            name: `${name}-pool`,
            protocol: 'HTTP',
            lb_algorithm: 'ROUND_ROBIN',
            members: backendPorts.map((port) => ({ address: '127.0.0.1', protocol_port: port })),
          },
        },
      ],
    },
  };
}

async function firstSuccess(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000), headers: { connection: 'close' } });
      await res.arrayBuffer();
      if (res.status === 200) return;
    } catch {
      // not serving yet
    }
    await sleep(5);
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`);
}

async function waitGone(service: Service, id: string): Promise<void> {
  for (;;) {
    const res = await fetch(`${service.url}${LB_PATH}/${id}`);
    if (res.status !== 200) await res.arrayBuffer();
    const body = res.status === 200 ? ((await res.json()) as any) : null;
    if (res.status === 404 || body?.loadbalancer.provisioning_status === 'DELETED') return;
    if (body?.loadbalancer.provisioning_status === 'ERROR') throw new Error(`load balancer ${id} went ERROR on delete`);
    await sleep(50);
  }
}

interface Amphora {
  computeId: string;
  pid: number;
}

async function amphoraOf(service: Service, baseDir: string, lbId: string): Promise<Amphora> {
  const body = await getJson(service.url, `/v2/octavia/amphorae?loadbalancer_id=${lbId}`);
  const amp = (body.amphorae as { compute_id: string; status: string }[]).find((a) => a.status === 'ALLOCATED');
  if (!amp) throw new Error(`no ALLOCATED amphora for ${lbId}`);
  return { computeId: amp.compute_id, pid: amphoraGroupPid(baseDir, amp.compute_id) };
}

async function main(): Promise<void> {
  const haproxyCmd = execFileSync('sh', ['-c', 'command -v haproxy || ls /usr/sbin/haproxy'], { encoding: 'utf8' }).trim();
  const haproxyVersion = execFileSync(haproxyCmd, ['-v'], { encoding: 'utf8' }).split('\n')[0] ?? '';
  const nginx = await startNginxBackends(2);
  const baseDir = mkdtempSync(join(tmpdir(), 'octavia-bench-amphorae-'));
  let service: Service | undefined;
  const notes: string[] = [];
  try {
    service = await startService({
      env: {
        OCTAVIA__API_SETTINGS__DEFAULT_PROVIDER_DRIVER: 'amphora',
        OCTAVIA__PROCESS_COMPUTE__BASE_DIR: baseDir,
        OCTAVIA__HAPROXY_AMPHORA__HAPROXY_CMD: haproxyCmd,
      },
    });

    // (a) POST → first successful request through the VIP
    const createMs: number[] = [];
    const kept: { id: string; vip: string }[] = [];
    for (let i = 0; i < CREATES + 1; i++) {
      const started = performance.now();
      const created = await postJson(service.url, LB_PATH, graphBody(`bench-${i}`, nginx.ports));
      const lb = created.loadbalancer as { id: string; vip_address: string };
      await firstSuccess(`http://${lb.vip_address}:${LISTENER_PORT}/`, 60_000);
      const ms = performance.now() - started;
      // the first one pays for cold caches in the service (CA, TLS, JIT): reported apart
      if (i === 0) notes.push(`first create (not in the percentiles): ${round(ms)} ms`);
      else createMs.push(ms);
      // keep the last three for the memory figures, delete the rest so the machine stays quiet
      if (i >= CREATES - 2) kept.push({ id: lb.id, vip: lb.vip_address });
      else {
        // ACTIVE before delete: the provider accepts the delete only then
        for (;;) {
          const s = (await getJson(service.url, `${LB_PATH}/${lb.id}`)).loadbalancer.provisioning_status;
          if (s === 'ACTIVE') break;
          await sleep(20);
        }
        const res = await fetch(`${service.url}${LB_PATH}/${lb.id}?cascade=true`, { method: 'DELETE' });
        if (res.status !== 204) throw new Error(`delete answered ${res.status}: ${await res.text()}`);
        await waitGone(service, lb.id);
      }
    }
    createMs.sort((a, b) => a - b);
    const create = {
      runs: createMs.length,
      p50Ms: round(percentile(createMs, 50)),
      p99Ms: round(percentile(createMs, 99)),
      minMs: round(createMs[0] ?? NaN),
      maxMs: round(createMs.at(-1) ?? NaN),
    };
    console.log('create → first success', create);

    // (c, idle) after a few heartbeats
    await sleep(3000);
    const idle = await Promise.all(kept.map(async (k) => groupRssKiB((await amphoraOf(service!, baseDir, k.id)).pid)));

    // (b) throughput: amphora VIP vs hand-written HAProxy, alternated
    const target = kept.at(-1)!;
    const vipUrl = `http://${target.vip}:${LISTENER_PORT}/`;
    const ampPid = (await amphoraOf(service, baseDir, target.id)).pid;
    const renderedCfg = readRenderedConfig(baseDir, (await amphoraOf(service, baseDir, target.id)).computeId);
    const baseline = await startBaselineHaproxy(haproxyCmd, nginx.ports);
    const baselineUrl = `http://127.0.0.1:${baseline.port}/`;
    const runs: { target: 'amphora' | 'baseline' | 'nginx-direct'; result: WrkResult; load1: number }[] = [];
    try {
      await runWrk(vipUrl, { ...WRK, durationS: 3 }); // warm-up
      await runWrk(baselineUrl, { ...WRK, durationS: 3 });
      for (let round = 0; round < 3; round++) {
        runs.push({ target: 'amphora', result: await runWrk(vipUrl, WRK), load1: loadavg()[0]! });
        runs.push({ target: 'baseline', result: await runWrk(baselineUrl, WRK), load1: loadavg()[0]! });
      }
      runs.push({ target: 'nginx-direct', result: await runWrk(`http://127.0.0.1:${nginx.ports[0]}/`, WRK), load1: loadavg()[0]! });
    } finally {
      await baseline.stop();
    }
    const median = (t: string) => {
      const v = runs
        .filter((r) => r.target === t)
        .map((r) => r.result.requestsPerSec)
        .sort((a, b) => a - b);
      return v[Math.floor(v.length / 2)]!;
    };
    const ratio = round(median('amphora') / median('baseline'), 3);
    console.log('throughput', runs.map((r) => `${r.target} ${r.result.requestsPerSec}/s`).join(', '), 'ratio', ratio);
    const loaded = groupRssKiB(ampPid);

    const results = {
      generatedAt: new Date().toISOString(),
      machine: machineInfo({}),
      haproxy: haproxyVersion,
      create: { ...create, target: `p50 < ${TARGET_CREATE_P50_MS} ms`, pass: create.p50Ms < TARGET_CREATE_P50_MS },
      throughput: {
        wrk: WRK,
        runs: runs.map((r) => ({ target: r.target, ...r.result, load1: round(r.load1, 2) })),
        amphoraMedianRps: median('amphora'),
        baselineMedianRps: median('baseline'),
        ratio,
        target: `ratio ≥ ${TARGET_RATIO}`,
        pass: ratio >= TARGET_RATIO,
        baselineConfig: baseline.config,
        amphoraConfig: renderedCfg,
      },
      memory: {
        idleKiB: idle.map((m) => m.kib),
        idleMeanMiB: round(idle.reduce((n, m) => n + m.kib, 0) / idle.length / 1024),
        idleProcesses: idle[0]?.processes ?? [],
        afterLoadMiB: round(loaded.kib / 1024),
        afterLoadProcesses: loaded.processes,
      },
      notes,
    };
    writeResults(results);
  } finally {
    await service?.stop();
    const removed = await removeAmphorae(baseDir);
    if (removed > 0) console.log(`removed ${removed} amphorae left by the service`);
    await nginx.stop();
  }
}

function readRenderedConfig(baseDir: string, computeId: string): string {
  // the agent keeps one haproxy.cfg per load balancer under its state directory
  const out = execFileSync('sh', ['-c', `find '${join(baseDir, computeId, 'state')}' -name haproxy.cfg | head -1`], {
    encoding: 'utf8',
  }).trim();
  return out ? readFileSync(out, 'utf8') : '(not found)';
}

function writeResults(r: any): void {
  const dir = join(REPO_ROOT, 'bench/results');
  const json = `${JSON.stringify(r, null, 2)}\n`;
  const m = r.machine;
  const t = r.throughput;
  const md = [
    '# Amphora benchmark',
    '',
    `Generated ${r.generatedAt} on ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}; ${r.haproxy}.`,
    'Built all-in-one service (SQLite), real amphorae (process compute: agent + HAProxy per amphora), backends: one nginx (1 ' +
      'worker) serving two ports.',
    '',
    '## (a) POST of the full graph → first successful request through the VIP',
    '',
    '| runs | p50 ms | p99 ms | min ms | max ms | target |',
    '|--:|--:|--:|--:|--:|:-:|',
    `| ${r.create.runs} | ${r.create.p50Ms} | ${r.create.p99Ms} | ${r.create.minMs} | ${r.create.maxMs} | ` +
      `${r.create.pass ? 'PASS' : 'MISS'} (${r.create.target}) |`,
    '',
    `## (b) Requests/s: amphora VIP vs a minimal hand-written haproxy.cfg (wrk -t${t.wrk.threads} -c${t.wrk.connections} ` +
      `-d${t.wrk.durationS}s)`,
    '',
    '| target | req/s | requests | errors | p50 ms | p99 ms | load1 |',
    '|---|--:|--:|--:|--:|--:|--:|',
    ...t.runs.map(
      (x: any) =>
        `| ${x.target} | ${x.requestsPerSec} | ${x.requests} | ${x.errors} | ${x.latencyP50Ms} | ${x.latencyP99Ms} | ${x.load1} |`,
    ),
    '',
    `Ratio amphora / baseline (medians ${t.amphoraMedianRps} / ${t.baselineMedianRps}): **${t.ratio}** — ` +
      `${t.pass ? 'PASS' : 'MISS'} (${t.target}).`,
    '',
    '## (c) Resident memory per amphora (VmRSS summed over the process group)',
    '',
    `Idle amphorae: ${r.memory.idleKiB.map((k: number) => `${round(k / 1024)} MiB`).join(', ')} (mean ${r.memory.idleMeanMiB} MiB; ` +
      `${r.memory.idleProcesses.map((p: any) => `${p.name} ${round(p.kib / 1024)} MiB`).join(' + ')}).`,
    `The amphora that served (b), right after: ${r.memory.afterLoadMiB} MiB ` +
      `(${r.memory.afterLoadProcesses.map((p: any) => `${p.name} ${round(p.kib / 1024)} MiB`).join(' + ')}).`,
    '',
    'The 1-minute load average (load1) above the CPU count means the load generator, HAProxy and nginx shared the CPUs.',
    ...r.notes.map((n: string) => `\nNote: ${n}`),
    '',
  ].join('\n');
  for (const [file, content] of [
    [join(dir, 'amphora.json'), json],
    [join(dir, 'amphora.md'), md],
  ] as const) {
    writeFileSync(`${file}.tmp`, content);
    renameSync(`${file}.tmp`, file);
  }
  console.log(md);
}

await main();

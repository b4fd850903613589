// Heartbeat flood benchmark: what a flood of 64 KiB junk datagrams does to one health manager while real amphorae
// heartbeat to it. The built health manager runs in its own process (support/health-manager-probe.ts: dist/ plus an
// event-loop delay histogram) on a SQLite database seeded with BENCH_FLOOD_AMPHORAE load balancers and ALLOCATED
// amphorae, with Octavia's default timings (heartbeat_interval 1 s, heartbeat_timeout 5 s, scan every 1 s). This
// process sends each amphora's signed heartbeat once a second (seq + fresh ts, as our agent); a separate process
// (test/support/junk-flood.ts) sends junk to the same port as fast as loopback takes it, for BENCH_DURATION_S and at
// most BENCH_FLOOD_MAX_DATAGRAMS:
//   none    no flood: the baseline event-loop delay
//   random  65,507 random bytes per datagram: rejected at the zlib header check
//   forged  zlib header + hex tail: each costs one HMAC, the most a sender without heartbeat_key can cause
// Each run uses a fresh health manager process; runs are interleaved (round × build × flood) and every run is
// reported: junk datagrams/s sent and read (the rest the kernel dropped), event-loop delay p50/p99/max, real
// heartbeats sent vs accepted, failovers enqueued, the health manager's CPU. BENCH_FLOOD_COMPARE_DIST=<dir> adds the
// same runs for another build's dist/ (e.g. the commit before a change), labelled "baseline".
// Writes bench/results/heartbeat-flood.{json,md}.
// Knobs: BENCH_DURATION_S (default 10), BENCH_FLOOD_ROUNDS (3), BENCH_FLOOD_AMPHORAE (20),
// BENCH_FLOOD_MAX_DATAGRAMS (5000000), BENCH_FLOOD_COMPARE_DIST (unset), BENCH_FLOOD_COMPARE_NAME (unset).
import { type ChildProcess, fork } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type FloodResult, JUNK_DATAGRAM_BYTES, type JunkKind, startJunkFlood } from '../test/support/junk-flood.js';
import { createBenchDatabase } from './support/databases.js';
import type { ProbeReport } from './support/health-manager-probe.js';
import { PROBE_RESOLUTION_MS } from './support/probe-constants.js';
import { type BenchAmphora, freeUdpPort, heartbeatDatagram, seedAmphorae } from './support/heartbeat-world.js';
import { machineInfo, type MachineInfo, writeResults } from './support/results.js';
import { REPO_ROOT, startService } from './support/service.js';

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const ROUNDS = Number(process.env.BENCH_FLOOD_ROUNDS ?? 3);
const AMPHORAE = Number(process.env.BENCH_FLOOD_AMPHORAE ?? 20);
const MAX_DATAGRAMS = Number(process.env.BENCH_FLOOD_MAX_DATAGRAMS ?? 5_000_000);
const COMPARE_DIST = process.env.BENCH_FLOOD_COMPARE_DIST;
/** what the other build is, for the results (e.g. "commit abc1234, before the change") */
const COMPARE_NAME = process.env.BENCH_FLOOD_COMPARE_NAME;
const KEY = 'bench-heartbeat-key';
const WARMUP_MS = 1500;
const MODES: readonly ('none' | JunkKind)[] = ['none', 'random', 'forged'];
/** every reason the codec rejects a datagram for (older builds lack some) */
const CODEC_REJECTIONS = ['oversized', 'too_short', 'bad_header', 'bad_hmac', 'bad_compression', 'too_large', 'bad_json', 'bad_message'];

interface Run {
  round: number;
  build: string;
  flood: 'none' | JunkKind;
  durationS: number;
  junkSent: number;
  junkSentPerS: number;
  /** junk datagrams the health manager read and rejected */
  junkRead: number;
  junkReadPerS: number;
  /** sent but never read: dropped by the kernel at a full receive buffer */
  junkDroppedPct: number;
  eventLoopDelayMs: { p50: number; p99: number; max: number };
  heartbeatsSent: number;
  heartbeatsAccepted: number;
  failovers: number;
  healthManagerCpuPct: number;
  loadAvg1: number;
}

interface Results {
  generatedAt: string;
  machine: MachineInfo;
  amphorae: number;
  datagramBytes: number;
  runs: Run[];
  target: { description: string; pass: boolean };
  notes: string[];
}

interface Probe {
  port: number;
  request<T>(cmd: 'reset' | 'report'): Promise<T>;
  stop(): Promise<void>;
}

async function startProbe(dist: string, dbUrl: string): Promise<Probe> {
  const port = await freeUdpPort();
  const child: ChildProcess = fork(join(REPO_ROOT, 'bench/support/health-manager-probe.ts'), [], {
    execArgv: ['--import', 'tsx'],
    cwd: REPO_ROOT,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: {
      ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OCTAVIA__'))),
      BENCH_PROBE_DIST: dist,
      BENCH_PROBE_DB_URL: dbUrl,
      BENCH_PROBE_PORT: String(port),
      BENCH_PROBE_KEY: KEY,
    },
  });
  const pid = child.pid as number;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const next = <T>(key: string) =>
    new Promise<T>((resolveMsg, reject) => {
      const onMessage = (msg: Record<string, unknown>) => {
        if (!(key in msg)) return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolveMsg(msg[key] as T);
      };
      const onExit = (code: number | null) => reject(new Error(`health manager probe exited (${code}) while waiting for ${key}`));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  await next('ready');
  return {
    port,
    async request<T>(cmd: 'reset' | 'report') {
      const answer = next<T>(cmd === 'reset' ? 'reset' : 'report');
      child.send({ cmd });
      return answer;
    },
    async stop() {
      child.send({ cmd: 'stop' });
      const killer = setTimeout(() => process.kill(pid, 'SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

/** every amphora's heartbeat once a second, spread evenly over the second */
class Fleet {
  private timer: NodeJS.Timeout | null = null;
  private next = 0;
  sent = 0;
  private readonly socket = createSocket('udp4');

  constructor(private readonly amphorae: BenchAmphora[]) {}

  start(port: number): void {
    this.timer = setInterval(() => {
      const a = this.amphorae[this.next++ % this.amphorae.length] as BenchAmphora;
      this.socket.send(heartbeatDatagram(a, KEY), port, '127.0.0.1');
      this.sent++;
    }, 1000 / this.amphorae.length);
  }

  pause(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  close(): void {
    this.pause();
    this.socket.close();
  }
}

const num = (counters: Record<string, unknown>, path: string): number => {
  const [a, b] = path.split('.');
  const v = b === undefined ? counters[a as string] : (counters[a as string] as Record<string, unknown> | undefined)?.[b];
  return typeof v === 'number' ? v : 0;
};
const delta = (r: ProbeReport, path: string) => num(r.after, path) - num(r.before, path);
const round1 = (n: number) => Math.round(n * 10) / 10;

async function runOnce(
  round: number,
  build: { name: string; dist: string },
  flood: 'none' | JunkKind,
  dbUrl: string,
  fleet: Fleet,
): Promise<Run> {
  const probe = await startProbe(build.dist, dbUrl);
  try {
    fleet.start(probe.port);
    await sleep(WARMUP_MS);
    // a quiet moment, so no heartbeat sent before the measurement is counted in it
    fleet.pause();
    await sleep(200);
    // the measurement starts with the junk: the flood process's own start-up is not part of it
    const junk =
      flood === 'none'
        ? null
        : startJunkFlood({ port: probe.port, kind: flood, durationMs: DURATION_S * 1000, maxDatagrams: MAX_DATAGRAMS });
    await junk?.started;
    await probe.request('reset');
    fleet.sent = 0;
    fleet.start(probe.port);
    let result: FloodResult = { sent: 0, errors: 0, elapsedMs: DURATION_S * 1000 };
    if (junk) result = await junk.done;
    else await sleep(DURATION_S * 1000);
    fleet.pause();
    const heartbeatsSent = fleet.sent;
    await sleep(300);
    const report = await probe.request<ProbeReport>('report');
    const junkRead = CODEC_REJECTIONS.reduce((n, reason) => n + delta(report, `dropped.${reason}`), 0);
    const seconds = result.elapsedMs / 1000;
    return {
      round,
      build: build.name,
      flood,
      durationS: round1(seconds),
      junkSent: result.sent,
      junkSentPerS: Math.round(result.sent / seconds),
      junkRead,
      junkReadPerS: Math.round(junkRead / seconds),
      junkDroppedPct: result.sent > 0 ? round1(((result.sent - junkRead) / result.sent) * 100) : 0,
      eventLoopDelayMs: report.eventLoopDelayMs,
      heartbeatsSent,
      heartbeatsAccepted: delta(report, 'processed'),
      failovers: delta(report, 'failoversEnqueued'),
      healthManagerCpuPct: Math.round((report.cpuMs / report.elapsedMs) * 100),
      loadAvg1: Math.round((loadavg()[0] ?? 0) * 100) / 100,
    };
  } finally {
    fleet.pause();
    await probe.stop();
  }
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

function renderMarkdown(r: Results): string {
  const m = r.machine;
  const lines = [
    '# Heartbeat flood benchmark: 64 KiB junk datagrams against one health manager',
    '',
    `Generated ${r.generatedAt} on ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}.`,
    `${r.amphorae} amphorae heartbeating once a second each (heartbeat_timeout 5 s), junk of ${r.datagramBytes} bytes from a ` +
      `separate process for ${DURATION_S} s per run, as fast as loopback takes it; health manager (built dist/, SQLite), junk ` +
      `sender and heartbeat sender share the machine.`,
    '',
    '| round | build | flood | junk sent /s | junk read /s | kernel-dropped | loop delay p50 ms | p99 ms | max ms | heartbeats sent ' +
      '| accepted | failovers | HM CPU | load1 |',
    '|--:|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const x of r.runs) {
    const e = x.eventLoopDelayMs;
    lines.push(
      `| ${x.round} | ${x.build} | ${x.flood} | ${x.junkSentPerS} | ${x.junkReadPerS} | ` +
        `${x.flood === 'none' ? '–' : `${x.junkDroppedPct}%`} | ${e.p50} | ${e.p99} | ${e.max} | ` +
        `${x.heartbeatsSent} | ${x.heartbeatsAccepted} | ${x.failovers} | ${x.healthManagerCpuPct}% | ${x.loadAvg1} |`,
    );
  }
  lines.push(
    '',
    'Medians over the rounds:',
    '',
    '| build | flood | junk read /s | loop delay p50 ms | p99 ms | max ms | heartbeats accepted / sent | failovers |',
    '|---|---|--:|--:|--:|--:|--:|--:|',
  );
  for (const build of [...new Set(r.runs.map((x) => x.build))]) {
    for (const flood of MODES) {
      const runs = r.runs.filter((x) => x.build === build && x.flood === flood);
      if (runs.length === 0) continue;
      const sent = runs.reduce((n, x) => n + x.heartbeatsSent, 0);
      const accepted = runs.reduce((n, x) => n + x.heartbeatsAccepted, 0);
      lines.push(
        `| ${build} | ${flood} | ${median(runs.map((x) => x.junkReadPerS))} | ${median(runs.map((x) => x.eventLoopDelayMs.p50))} | ` +
          `${median(runs.map((x) => x.eventLoopDelayMs.p99))} | ${median(runs.map((x) => x.eventLoopDelayMs.max))} | ${accepted} / ` +
          `${sent} | ${runs.reduce((n, x) => n + x.failovers, 0)} |`,
      );
    }
  }
  lines.push('', `Target: ${r.target.description} — ${r.target.pass ? 'PASS' : 'MISS'}.`);
  lines.push(
    '',
    'junk read: datagrams the health manager read and rejected (its codec counters); kernel-dropped: sent but never read. ' +
      `Loop delay: event-loop delay of the health manager process beyond the ${PROBE_RESOLUTION_MS} ms sampling interval (perf_hooks). ` +
      "HM CPU: the health manager process's user + system CPU over the run. load1 above the CPU count means other work shared the machine.",
  );
  for (const note of r.notes) lines.push('', `Note: ${note}`);
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  const builds = [{ name: 'current', dist: join(REPO_ROOT, 'dist') }];
  if (COMPARE_DIST) builds.push({ name: 'baseline', dist: resolve(COMPARE_DIST) });
  const dir = mkdtempSync(join(tmpdir(), 'octavia-bench-flood-'));
  const dbUrl = `sqlite:///${join(dir, 'octavia.sqlite')}`;
  const runs: Run[] = [];
  const notes: string[] = [];
  const sqlite = await createBenchDatabase('sqlite');
  const sqliteVersion = 'version' in sqlite ? sqlite.version : 'SQLite';
  try {
    const service = await startService({ databaseUrl: dbUrl });
    let amphorae: BenchAmphora[];
    try {
      amphorae = await seedAmphorae(service.url, dbUrl, AMPHORAE);
    } finally {
      await service.stop();
    }
    const fleet = new Fleet(amphorae);
    try {
      for (let round = 1; round <= ROUNDS; round++) {
        for (const build of builds) {
          for (const flood of MODES) {
            const run = await runOnce(round, build, flood, dbUrl, fleet);
            runs.push(run);
            console.log(
              `[round ${round} ${build.name} ${flood}] junk ${run.junkSentPerS}/s sent, ${run.junkReadPerS}/s read; loop delay ` +
                `p50/p99/max ` +
                `${run.eventLoopDelayMs.p50}/${run.eventLoopDelayMs.p99}/${run.eventLoopDelayMs.max} ms; heartbeats ` +
                `${run.heartbeatsAccepted}/${run.heartbeatsSent}; failovers ${run.failovers}; load1 ${run.loadAvg1}`,
            );
          }
        }
      }
    } finally {
      fleet.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (COMPARE_DIST)
    notes.push(
      `"baseline" is the build in ${COMPARE_DIST}${COMPARE_NAME ? ` (${COMPARE_NAME})` : ''}, run interleaved with the current one.`,
    );
  const loads = runs.map((x) => x.loadAvg1);
  const cpus = machineInfo({}).cpus;
  if (Math.max(...loads) > cpus) {
    notes.push(
      `load1 was ${Math.min(...loads)}–${Math.max(...loads)} on ${cpus} CPUs: other work shared the machine, so loop delays and ` +
        `read rates ` +
        'include waiting for a CPU (compare HM CPU with the wall time); only runs of one table compare.',
    );
  }
  const current = runs.filter((x) => x.build === 'current' && x.flood !== 'none');
  const results: Results = {
    generatedAt: new Date().toISOString(),
    machine: machineInfo({ sqlite: sqliteVersion }),
    amphorae: AMPHORAE,
    datagramBytes: JUNK_DATAGRAM_BYTES,
    runs,
    target: {
      description: 'in every flood run of the current build: no failover and every real heartbeat accepted',
      pass: current.length > 0 && current.every((x) => x.failovers === 0 && x.heartbeatsAccepted === x.heartbeatsSent),
    },
    notes,
  };
  const markdown = renderMarkdown(results);
  writeResults('heartbeat-flood', results, markdown);
  console.log(`\n${markdown}`);
}

await main();

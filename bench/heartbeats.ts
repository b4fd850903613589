// Heartbeat benchmark: how many heartbeats per second one health manager absorbs with the database keeping up.
// The built health manager (`node dist/cli/main.js health-manager`) runs as its own process on a database seeded
// with BENCH_AMPHORAE load balancers (one listener, one pool, two members each, created through the API) and one
// ALLOCATED amphora each; this process sends signed version 3 heartbeats over UDP on 127.0.0.1, round-robin over
// the amphorae (so no batch holds two heartbeats of one amphora: batching gains nothing from duplicates), paced at
// each offered rate for BENCH_DURATION_S. Every heartbeat carries totconns = 1, so the sum of
// listener_statistics.total_connections counts the heartbeats that reached the database. A rate is absorbed when
// every heartbeat sent was written and the writes finished within a second of the last send.
// Writes bench/results/heartbeats.{json,md}.
// Knobs: BENCH_DATABASES, BENCH_PG_URL, BENCH_MYSQL_URL (support/databases.ts), BENCH_DURATION_S (default 10),
// BENCH_HEARTBEAT_RATES (default 2500,5000,10000,20000), BENCH_AMPHORAE (default 1000).
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { closeSync, mkdtempSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { openDatabaseUrl } from '../src/db/connection.js';
import { benchDialects, createBenchDatabase } from './support/databases.js';
import { type BenchAmphora, freeUdpPort, heartbeatDatagram, seedAmphorae } from './support/heartbeat-world.js';
import { machineInfo, type MachineInfo } from './support/results.js';
import { REPO_ROOT, startService } from './support/service.js';

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const RATES = (process.env.BENCH_HEARTBEAT_RATES ?? '2500,5000,10000,20000').split(',').map(Number);
const AMPHORAE = Number(process.env.BENCH_AMPHORAE ?? 1000);
const KEY = 'bench-heartbeat-key';
const TARGET_PER_S = 5000;
/** the writes of a run must be done this long after its last send for the rate to count as absorbed */
const SETTLE_MS = 1000;

type Amphora = BenchAmphora;

interface Run {
  database: string;
  offeredPerS: number;
  durationS: number;
  sent: number;
  written: number;
  /** ms from the last send until the database held everything that was written */
  settleMs: number;
  /** written / (send duration + settle time) */
  absorbedPerS: number;
  absorbed: boolean;
  loadAvg1: number;
}

interface Results {
  generatedAt: string;
  machine: MachineInfo;
  amphorae: number;
  runs: Run[];
  /** health manager counters at shutdown, by database */
  counters: Record<string, unknown>;
  target: { description: string; pass: boolean };
  notes: string[];
}

interface HealthManagerProcess {
  port: number;
  stop(): Promise<Record<string, unknown>>;
}

async function startHealthManagerProcess(dbUrl: string): Promise<HealthManagerProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'octavia-bench-hm-'));
  const logFile = join(dir, 'health-manager.log');
  const fd = openSync(logFile, 'a');
  const port = await freeUdpPort();
  const child = spawn(process.execPath, [join(REPO_ROOT, 'dist/cli/main.js'), 'health-manager'], {
    cwd: dir,
    stdio: ['ignore', fd, fd],
    env: {
      ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OCTAVIA__'))),
      OCTAVIA__DATABASE__CONNECTION: dbUrl,
      OCTAVIA__DEFAULT__STATE_PATH: dir,
      OCTAVIA__DEFAULT__LOG_LEVEL: 'info',
      OCTAVIA__HEALTH_MANAGER__HEARTBEAT_KEY: KEY,
      OCTAVIA__HEALTH_MANAGER__BIND_IP: '127.0.0.1',
      OCTAVIA__HEALTH_MANAGER__BIND_PORT: String(port),
      // the bench measures heartbeat intake; no amphora may be failed over while it runs
      OCTAVIA__HEALTH_MANAGER__HEARTBEAT_TIMEOUT: '3600',
      // heartbeats are encoded ahead of each run, so their signed ts is up to a run old when sent
      OCTAVIA__HEALTH_MANAGER__HEARTBEAT_FRESHNESS_WINDOW: '3600',
    },
  });
  closeSync(fd);
  const pid = child.pid as number;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const kill = () => {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone
    }
  };
  process.once('exit', kill);
  const deadline = Date.now() + 30_000;
  while (!readFileSync(logFile, 'utf8').includes('health manager started')) {
    if (child.exitCode !== null || Date.now() > deadline) {
      kill();
      throw new Error(`health manager did not start:\n${readFileSync(logFile, 'utf8').slice(-2000)}`);
    }
    await sleep(50);
  }
  return {
    port,
    async stop() {
      process.kill(pid, 'SIGTERM');
      await exited;
      process.removeListener('exit', kill);
      const line = readFileSync(logFile, 'utf8')
        .split('\n')
        .find((l) => l.includes('health manager shutting down'));
      rmSync(dir, { recursive: true, force: true });
      return line ? (JSON.parse(line).counters as Record<string, unknown>) : {};
    },
  };
}

async function writtenCount(dbUrl: string): Promise<number> {
  const handle = openDatabaseUrl(dbUrl, 1);
  try {
    const row = await handle.db
      .selectFrom('listener_statistics')
      .select((eb) => eb.fn.sum<number>('total_connections').as('n'))
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  } finally {
    await handle.close();
  }
}

async function runRate(database: string, dbUrl: string, port: number, amphorae: Amphora[], rate: number): Promise<Run> {
  const total = Math.round(rate * DURATION_S);
  // encoded before the clock starts: the sender must not be what limits the rate
  const datagrams = Array.from({ length: total }, (_, i) => heartbeatDatagram(amphorae[i % amphorae.length] as Amphora, KEY));
  const before = await writtenCount(dbUrl);
  const socket = createSocket('udp4');
  const start = Date.now();
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((Date.now() - start) / 1000) * rate) + 1);
    for (; sent < due; sent++) socket.send(datagrams[sent] as Buffer, port, '127.0.0.1');
    await sleep(1);
  }
  const sendEnd = Date.now();
  // written grows until the health manager has caught up; it stops growing when it has (or has dropped the rest)
  let written = (await writtenCount(dbUrl)) - before;
  let lastChange = Date.now();
  while (written < total && Date.now() - lastChange < 3000) {
    await sleep(100);
    const now = (await writtenCount(dbUrl)) - before;
    if (now !== written) lastChange = Date.now();
    written = now;
  }
  socket.close();
  const settleMs = Math.max(0, lastChange - sendEnd);
  const absorbedPerS = Math.round(written / ((lastChange - start) / 1000));
  return {
    database,
    offeredPerS: rate,
    durationS: DURATION_S,
    sent: total,
    written,
    settleMs,
    absorbedPerS,
    absorbed: written === total && settleMs <= SETTLE_MS,
    loadAvg1: Math.round((loadavg()[0] ?? 0) * 100) / 100,
  };
}

function renderMarkdown(r: Results): string {
  const m = r.machine;
  const lines = [
    '# Heartbeat benchmark: heartbeats absorbed by one health manager',
    '',
    `Generated ${r.generatedAt} on ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}.`,
    `Databases: ${
      Object.entries(m.databases)
        .map(([d, v]) => `${d} (${v})`)
        .join(', ') || 'none'
    }. ${r.amphorae} amphorae, heartbeats round-robin, ${DURATION_S} s per rate; sender, health manager and database share the machine.`,
    '',
    '| database | offered /s | sent | written | lost | settle ms | absorbed /s | kept up | load1 |',
    '|---|--:|--:|--:|--:|--:|--:|:-:|--:|',
  ];
  for (const run of r.runs) {
    lines.push(
      `| ${run.database} | ${run.offeredPerS} | ${run.sent} | ${run.written} | ${run.sent - run.written} | ${run.settleMs} | ` +
        `${run.absorbedPerS} | ${run.absorbed ? 'yes' : 'no'} | ${run.loadAvg1} |`,
    );
  }
  lines.push('', `Target: ${r.target.description} — ${r.target.pass ? 'PASS' : 'MISS'}.`);
  lines.push('', `"kept up": every heartbeat sent was written and the writes ended within ${SETTLE_MS} ms of the last send.`);
  for (const [db, counters] of Object.entries(r.counters))
    lines.push('', `Health manager counters (${db}): \`${JSON.stringify(counters)}\``);
  for (const note of r.notes) lines.push('', `Note: ${note}`);
  return `${lines.join('\n')}\n`;
}

function writeAtomically(file: string, content: string): void {
  writeFileSync(`${file}.tmp`, content);
  renameSync(`${file}.tmp`, file);
}

async function main(): Promise<void> {
  const runs: Run[] = [];
  const notes: string[] = [];
  const versions: Record<string, string> = {};
  const counters: Record<string, unknown> = {};
  for (const dialect of benchDialects()) {
    const db = await createBenchDatabase(dialect);
    if ('skipped' in db) {
      notes.push(`${dialect} rows skipped: ${db.skipped}.`);
      console.log(`[${dialect}] skipped: ${db.skipped}`);
      continue;
    }
    versions[dialect] = db.version;
    const sqliteDir = dialect === 'sqlite' ? mkdtempSync(join(tmpdir(), 'octavia-bench-hb-')) : null;
    const dbUrl = sqliteDir ? `sqlite:///${join(sqliteDir, 'octavia.sqlite')}` : db.url;
    try {
      const service = await startService({ databaseUrl: dbUrl });
      let amphorae: Amphora[];
      try {
        const t = Date.now();
        amphorae = await seedAmphorae(service.url, dbUrl, AMPHORAE);
        console.log(`[${dialect}] seeded ${amphorae.length} load balancers and amphorae in ${((Date.now() - t) / 1000).toFixed(1)} s`);
      } finally {
        await service.stop();
      }
      const hm = await startHealthManagerProcess(dbUrl);
      try {
        for (const rate of RATES) {
          const run = await runRate(dialect, dbUrl, hm.port, amphorae, rate);
          runs.push(run);
          console.log(
            `[${dialect}] offered ${rate}/s: written ${run.written}/${run.sent}, settle ${run.settleMs} ms, absorbed ` +
              `${run.absorbedPerS}/s${run.absorbed ? '' : ' (did not keep up)'}`,
          );
        }
      } finally {
        counters[dialect] = await hm.stop();
      }
    } finally {
      await db.drop();
      if (sqliteDir) rmSync(sqliteDir, { recursive: true, force: true });
    }
  }
  // the highest offered rate a database kept up with
  const kept = (d: string) => runs.filter((r) => r.database === d && r.absorbed).reduce((best, r) => Math.max(best, r.offeredPerS), 0);
  const dialects = [...new Set(runs.map((r) => r.database))];
  const results: Results = {
    generatedAt: new Date().toISOString(),
    machine: machineInfo(versions),
    amphorae: AMPHORAE,
    runs,
    counters,
    target: {
      description:
        `one health manager keeps up with ≥ ${TARGET_PER_S} heartbeats/s on every database ` +
        `(${dialects.map((d) => `${d}: ${kept(d)}/s`).join(', ')})`,
      pass: dialects.length > 0 && dialects.every((d) => kept(d) >= TARGET_PER_S),
    },
    notes,
  };
  const markdown = renderMarkdown(results);
  const dir = join(REPO_ROOT, 'bench/results');
  writeAtomically(join(dir, 'heartbeats.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeAtomically(join(dir, 'heartbeats.md'), markdown);
  console.log(`\n${markdown}`);
}

await main();

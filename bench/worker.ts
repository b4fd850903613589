// Controller-worker benchmark, provider amphora with noop compute/network/agent drivers:
// 1. POST /v2/lbaas/loadbalancers → ACTIVE, one load balancer at a time, BENCH_WORKER_CREATES (default 100) times,
//    against the all-in-one service (API + worker in one process) on every available database; p50/p99.
//    ACTIVE is observed by polling GET every 1 ms, so the figure includes up to ~1 ms of polling delay.
// 2. Jobs per second on PostgreSQL: an `octavia api` process receives BENCH_WORKER_JOBS (default 600) creates with no
//    worker running; then 1 or 3 `octavia worker` processes start and drain the queue. Rate = jobs / (time from the
//    first worker being ready to the last job DONE, read from the database).
// Writes bench/results/worker.{json,md}.
import { sql } from 'kysely';
import { openDatabaseUrl } from '../src/db/connection.js';
import { LB_PATH, getJson, loadBalancerBody, postJson } from './support/api-client.js';
import { benchDialects, createBenchDatabase } from './support/databases.js';
import { machineInfo, type MachineInfo } from './support/results.js';
import { REPO_ROOT, startService, type Service } from './support/service.js';
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const CREATES = Number(process.env.BENCH_WORKER_CREATES ?? 100);
const JOBS = Number(process.env.BENCH_WORKER_JOBS ?? 600);
const TARGET_P50_MS = 50;
const AMPHORA_ENV = {
  OCTAVIA__API_SETTINGS__DEFAULT_PROVIDER_DRIVER: 'amphora',
  OCTAVIA__CONTROLLER_WORKER__COMPUTE_DRIVER: 'compute_noop_driver',
  OCTAVIA__CONTROLLER_WORKER__AMPHORA_DRIVER: 'amphora_noop_driver',
  OCTAVIA__CERTIFICATES__CERT_GENERATOR: 'noop_cert_generator',
};

interface LatencyRow {
  database: string;
  creates: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
}

interface ThroughputRow {
  database: string;
  workers: number;
  jobs: number;
  seconds: number;
  jobsPerSecond: number;
  /** spread between the first and the last worker process becoming ready */
  startSpreadMs: number;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
const round = (n: number) => Math.round(n * 100) / 100;

async function createToActive(service: Service, database: string): Promise<LatencyRow> {
  const samples: number[] = [];
  for (let i = 0; i < CREATES + 5; i++) {
    const started = performance.now();
    const created = await postJson(service.url, LB_PATH, loadBalancerBody(`latency-${i}`));
    const id = created.loadbalancer.id as string;
    for (;;) {
      const lb = (await getJson(service.url, `${LB_PATH}/${id}?fields=provisioning_status`)).loadbalancer;
      if (lb.provisioning_status === 'ACTIVE') break;
      if (lb.provisioning_status === 'ERROR') throw new Error(`load balancer ${id} went ERROR`);
      await new Promise((r) => setTimeout(r, 1));
    }
    // the first five warm the JIT and the database's caches
    if (i >= 5) samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return {
    database,
    creates: CREATES,
    p50Ms: round(percentile(samples, 50)),
    p90Ms: round(percentile(samples, 90)),
    p99Ms: round(percentile(samples, 99)),
    maxMs: round(samples.at(-1) ?? NaN),
  };
}

async function drainRate(databaseUrl: string, workers: number): Promise<ThroughputRow> {
  const api = await startService({ command: 'api', databaseUrl, env: AMPHORA_ENV });
  const started: Service[] = [];
  const db = openDatabaseUrl(databaseUrl, 2);
  try {
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < JOBS) await postJson(api.url, LB_PATH, loadBalancerBody(`jobs-${next++}`));
      }),
    );
    const readyAt: number[] = [];
    await Promise.all(
      Array.from({ length: workers }, async () => {
        started.push(await startService({ command: 'worker', databaseUrl, env: { ...AMPHORA_ENV, OCTAVIA__DEFAULT__LOG_LEVEL: 'info' } }));
        readyAt.push(performance.now());
      }),
    );
    for (;;) {
      const open = await sql<{ n: number }>`select count(*) as n from job where state in ('WAITING', 'RUNNING')`.execute(db.db);
      if (Number(open.rows[0]?.n) === 0) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    const seconds = (performance.now() - Math.min(...readyAt)) / 1000;
    const failed = await sql<{ n: number }>`select count(*) as n from job where state <> 'DONE'`.execute(db.db);
    if (Number(failed.rows[0]?.n) !== 0) {
      const sample = await sql<{ error: string }>`select error from job where state <> 'DONE' limit 1`.execute(db.db);
      throw new Error(`${failed.rows[0]?.n} jobs did not end DONE, e.g.: ${sample.rows[0]?.error}`);
    }
    return {
      database: 'postgres',
      workers,
      jobs: JOBS,
      seconds: round(seconds),
      jobsPerSecond: round(JOBS / seconds),
      startSpreadMs: Math.round(Math.max(...readyAt) - Math.min(...readyAt)),
    };
  } finally {
    await db.close();
    await Promise.all(started.map((s) => s.stop()));
    await api.stop();
  }
}

function render(machine: MachineInfo, latency: LatencyRow[], throughput: ThroughputRow[], notes: string[]): string {
  const lines = [
    '# Worker benchmark: load balancer create to ACTIVE, and jobs per second',
    '',
    `Generated ${new Date().toISOString()} on ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, ${machine.os}, Node ` +
      `${machine.node}.`,
    `Databases: ${Object.entries(machine.databases)
      .map(([d, v]) => `${d} (${v})`)
      .join(', ')}.`,
    'Provider amphora with noop compute, network and agent drivers.',
    '',
    `## POST → ACTIVE (all-in-one, ${CREATES} creates one after another)`,
    '',
    '| database | p50 ms | p90 ms | p99 ms | max ms | target p50 < 50 ms |',
    '|---|--:|--:|--:|--:|:-:|',
    ...latency.map(
      (r) => `| ${r.database} | ${r.p50Ms} | ${r.p90Ms} | ${r.p99Ms} | ${r.maxMs} | ${r.p50Ms < TARGET_P50_MS ? 'MET' : 'MISS'} |`,
    ),
    '',
    `## Jobs per second (one API process, N worker processes, ${JOBS} queued creates)`,
    '',
    '| database | worker processes | jobs | seconds | jobs/s | worker start spread ms |',
    '|---|--:|--:|--:|--:|--:|',
    ...throughput.map((r) => `| ${r.database} | ${r.workers} | ${r.jobs} | ${r.seconds} | ${r.jobsPerSecond} | ${r.startSpreadMs} |`),
    '',
    ...notes.map((n) => `- ${n}`),
    '',
  ];
  return lines.join('\n');
}

async function main(): Promise<void> {
  const latency: LatencyRow[] = [];
  const throughput: ThroughputRow[] = [];
  const notes: string[] = [];
  const versions: Record<string, string> = {};
  for (const dialect of benchDialects()) {
    const db = await createBenchDatabase(dialect);
    if ('skipped' in db) {
      notes.push(`${dialect} skipped: ${db.skipped}`);
      continue;
    }
    versions[dialect] = db.version;
    try {
      const service = await startService({ databaseUrl: db.url, env: AMPHORA_ENV });
      try {
        const row = await createToActive(service, dialect);
        console.log(`[${dialect}] POST → ACTIVE p50 ${row.p50Ms} ms, p99 ${row.p99Ms} ms`);
        latency.push(row);
      } finally {
        await service.stop();
      }
    } finally {
      await db.drop();
    }
  }
  if (benchDialects().includes('postgres')) {
    for (const workers of [1, 3]) {
      const db = await createBenchDatabase('postgres');
      if ('skipped' in db) break;
      try {
        // the API process migrates nothing: create the schema with the all-in-one first
        const migrate = await startService({ databaseUrl: db.url, env: AMPHORA_ENV });
        await migrate.stop();
        const row = await drainRate(db.url, workers);
        console.log(`[postgres] ${workers} worker(s): ${row.jobsPerSecond} jobs/s`);
        throughput.push(row);
      } finally {
        await db.drop();
      }
    }
  }
  notes.push(
    'Each worker process runs [controller_worker] workers = 8 flows at once; the machine has 2 CPUs shared by the API, the workers ' +
      'and the database.',
  );
  const machine = machineInfo(versions);
  const markdown = render(machine, latency, throughput, notes);
  const dir = join(REPO_ROOT, 'bench/results');
  for (const [file, text] of [
    ['worker.json', `${JSON.stringify({ generatedAt: new Date().toISOString(), machine, latency, throughput, notes }, null, 2)}\n`],
    ['worker.md', markdown],
  ] as const) {
    writeFileSync(join(dir, `${file}.tmp`), text);
    renameSync(join(dir, `${file}.tmp`), join(dir, file));
  }
  console.log(markdown);
}

await main();

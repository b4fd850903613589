// API benchmark: GET /v2/lbaas/loadbalancers over 1,000 load balancers (pages of 1,000 and of 50) and
// POST /v2/lbaas/loadbalancers on the noop provider, driven by autocannon from this process against the service
// running as its own process, on every available database. Writes bench/results/api.{json,md}.
// Knobs: BENCH_DATABASES, BENCH_PG_URL, BENCH_MYSQL_URL (see support/databases.ts), BENCH_DURATION_S (default 10),
// BENCH_POST_AMOUNT (default 2000), BENCH_CPU_PROF=1 (V8 CPU profile of the server under bench/profiles/).
import { join } from 'node:path';
import { LB_PATH, assertListSize, loadBalancerBody, loadBalancerStatuses, seedLoadBalancers } from './support/api-client.js';
import { benchDialects, createBenchDatabase } from './support/databases.js';
import { runLoad, type LoadSpec, type RunResult } from './support/load.js';
import { type BenchResults, type Target, evaluateTarget, machineInfo, renderMarkdown, writeResults } from './support/results.js';
import { REPO_ROOT, startService } from './support/service.js';

const SEEDED = 1000;
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const WARMUP_S = Math.min(3, DURATION_S);
const POST_AMOUNT = Number(process.env.BENCH_POST_AMOUNT ?? 2000);
// 1 connection shows the latency of one request on an idle server; 10 show throughput and latency under load.
const LIST_CONNECTIONS = [1, 10];
const POST_CONNECTIONS = 10;

const TARGET: Target = {
  description: 'GET /v2/lbaas/loadbalancers?limit=50 p50 < 5 ms',
  check: (r) => (r.method === 'GET' && r.path.endsWith('limit=50') ? r.latencyMs.p50 < 5 : undefined),
};

async function benchDatabase(baseUrl: string, database: string, report: (r: RunResult) => void): Promise<void> {
  if ((await loadBalancerStatuses(baseUrl)).length !== 0) {
    throw new Error(`${baseUrl} already holds load balancers: not the fresh service this bench started`);
  }
  const seeded = Date.now();
  await seedLoadBalancers(baseUrl, SEEDED);
  console.log(`[${database}] seeded ${SEEDED} ACTIVE load balancers in ${((Date.now() - seeded) / 1000).toFixed(1)} s`);

  for (const limit of [1000, 50]) {
    const path = `${LB_PATH}?limit=${limit}`;
    await assertListSize(baseUrl, path, limit);
    await runLoad(baseUrl, { name: 'warm-up', path, connections: 10, durationS: WARMUP_S }, database);
    for (const connections of LIST_CONNECTIONS) {
      report(await runLoad(baseUrl, { name: `GET list, page of ${limit}`, path, connections, durationS: DURATION_S }, database));
    }
  }

  const post = (prefix: string): Pick<LoadSpec, 'method' | 'path' | 'body'> => ({
    method: 'POST',
    path: LB_PATH,
    body: (n) => loadBalancerBody(`${prefix}-${n}`),
  });
  await runLoad(
    baseUrl,
    { name: 'warm-up', ...post('bench-warm'), connections: POST_CONNECTIONS, amount: Math.min(200, POST_AMOUNT) },
    database,
  );
  report(
    await runLoad(
      baseUrl,
      { name: 'POST create (noop)', ...post('bench-post'), connections: POST_CONNECTIONS, amount: POST_AMOUNT },
      database,
    ),
  );
}

async function main(): Promise<void> {
  const runs: RunResult[] = [];
  const notes: string[] = [];
  const versions: Record<string, string> = {};
  const cpuProfileDir = process.env.BENCH_CPU_PROF === '1' ? join(REPO_ROOT, 'bench/profiles', `api-${Date.now()}`) : undefined;

  for (const dialect of benchDialects()) {
    const db = await createBenchDatabase(dialect);
    if ('skipped' in db) {
      console.log(`[${dialect}] skipped: ${db.skipped}`);
      notes.push(`${dialect} rows skipped: ${db.skipped}.`);
      continue;
    }
    versions[dialect] = db.version;
    try {
      const service = await startService({ databaseUrl: db.url, ...(cpuProfileDir ? { cpuProfileDir } : {}) });
      console.log(`[${dialect}] service pid ${service.pid} on ${service.url}`);
      try {
        await benchDatabase(service.url, dialect, (r) => {
          runs.push(r);
          console.log(
            `[${dialect}] ${r.name} c=${r.connections}: ${r.requestsPerSec} req/s, p50 ${r.latencyMs.p50} ms, p99 ` +
              `${r.latencyMs.p99} ms, errors ${r.errors}, non-2xx ${r.non2xx}`,
          );
        });
      } finally {
        await service.stop();
      }
    } finally {
      await db.drop();
    }
  }

  const results: BenchResults = {
    generatedAt: new Date().toISOString(),
    machine: machineInfo(versions),
    runs,
    target: evaluateTarget(TARGET, runs),
    notes,
  };
  const markdown = renderMarkdown('API benchmark: load balancer list and create', results, TARGET);
  const files = writeResults('api', results, markdown);
  console.log(`\n${markdown}`);
  console.log(`wrote ${files.json} and ${files.md}`);
  if (cpuProfileDir) console.log(`server CPU profiles in ${cpuProfileDir}`);
}

await main();

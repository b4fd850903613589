// Authenticated API benchmark: GET /v2/lbaas/loadbalancers?limit=50 over 1,000 load balancers of one project, with
// auth_strategy = noauth and with auth_strategy = keystone (one valid project-member token, already in the service's
// token cache), at 1 and 10 connections. Both services run at the same time on the same SQLite database file, and
// their runs alternate (noauth, keystone, noauth, keystone, ...), so that both see the same machine load.
// A real Keystone (Debian's package under uwsgi, test/auth/keystone-server.ts) is started on loopback for the run
// and stopped by its PID. Writes bench/results/api-auth.{json,md}; target: keystone req/s within 10 % of noauth.
// Knobs: BENCH_DURATION_S (default 10), BENCH_AUTH_ROUNDS (default 2: timed runs per mode and connection count),
// BENCH_CPU_PROF=1 (V8 CPU profiles of both servers under bench/profiles/).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KeystoneCloud } from '../test/auth/keystone-cloud.js';
import { startKeystone } from '../test/auth/keystone-server.js';
import { LB_PATH, VIP_SUBNET_ID, assertListSize, postJson, waitAllActive } from './support/api-client.js';
import { createBenchDatabase } from './support/databases.js';
import { runLoad, type RunResult } from './support/load.js';
import { type BenchResults, machineInfo, renderMarkdown, writeResults } from './support/results.js';
import { REPO_ROOT, startService, type Service } from './support/service.js';

const SEEDED = 1000;
const PATH = `${LB_PATH}?limit=50`;
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const WARMUP_S = Math.min(3, DURATION_S);
const ROUNDS = Number(process.env.BENCH_AUTH_ROUNDS ?? 2);
const CONNECTIONS = [1, 10];
/** keystone req/s at least this share of noauth req/s */
const TARGET_RATIO = 0.9;
const PROJECT = 'bench';

type Mode = 'noauth' | 'keystone';

interface Comparison {
  connections: number;
  noauthReqPerSec: number;
  keystoneReqPerSec: number;
  /** keystone / noauth throughput */
  ratio: number;
  noauthP50Ms: number;
  keystoneP50Ms: number;
  pass: boolean;
}

interface AuthBenchResults extends BenchResults {
  comparison: { target: string; pass: boolean; rows: Comparison[] };
  /** GET /v3/auth/tokens calls Keystone received during the timed runs: 0 when the token cache stays warm */
  keystoneValidationsDuringRuns: number;
}

/** The same drivers everywhere: nothing here needs amphorae, and both services must be configured alike. */
const COMMON_ENV: Record<string, string> = {
  OCTAVIA__CONTROLLER_WORKER__COMPUTE_DRIVER: 'compute_noop_driver',
  OCTAVIA__CONTROLLER_WORKER__AMPHORA_DRIVER: 'amphora_noop_driver',
  OCTAVIA__CERTIFICATES__CERT_GENERATOR: 'noop_cert_generator',
};

/** Aggregate throughput of several runs of one mode: all requests over all time, and the median of their p50s. */
function aggregate(runs: RunResult[]): { reqPerSec: number; p50: number } {
  const requests = runs.reduce((sum, r) => sum + r.requests, 0);
  const seconds = runs.reduce((sum, r) => sum + r.elapsedS, 0);
  const p50s = runs.map((r) => r.latencyMs.p50).sort((a, b) => a - b);
  return { reqPerSec: Math.round((requests / seconds) * 10) / 10, p50: p50s[Math.floor((p50s.length - 1) / 2)] ?? NaN };
}

function compare(runs: RunResult[]): Comparison[] {
  return CONNECTIONS.map((connections) => {
    const of = (mode: Mode) => aggregate(runs.filter((r) => r.connections === connections && r.database === `sqlite, ${mode}`));
    const noauth = of('noauth');
    const keystone = of('keystone');
    const ratio = Math.round((keystone.reqPerSec / noauth.reqPerSec) * 1000) / 1000;
    return {
      connections,
      noauthReqPerSec: noauth.reqPerSec,
      keystoneReqPerSec: keystone.reqPerSec,
      ratio,
      noauthP50Ms: noauth.p50,
      keystoneP50Ms: keystone.p50,
      pass: ratio >= TARGET_RATIO,
    };
  });
}

function comparisonMarkdown(rows: Comparison[]): string {
  const lines = [
    '## keystone vs noauth',
    '',
    '| conn | noauth req/s | keystone req/s | keystone / noauth | noauth p50 ms | keystone p50 ms | target |',
    '|--:|--:|--:|--:|--:|--:|:-:|',
    ...rows.map(
      (r) =>
        `| ${r.connections} | ${r.noauthReqPerSec} | ${r.keystoneReqPerSec} | ${r.ratio} | ${r.noauthP50Ms} | ${r.keystoneP50Ms} | ` +
        `${r.pass ? 'PASS' : 'MISS'} |`,
    ),
    '',
    `Target: keystone throughput at least ${TARGET_RATIO * 100} % of noauth at every connection count — ` +
      `${rows.every((r) => r.pass) ? 'PASS' : 'MISS'}.`,
    "Each row aggregates every timed run of that mode (all requests over all run time); p50 is the median of the runs' p50s.",
  ];
  return `${lines.join('\n')}\n`;
}

/** GET /v3/auth/tokens calls in Keystone's uwsgi request log so far. */
async function keystoneValidations(logFile: string): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  const log = await readFile(logFile, 'utf8').catch(() => '');
  return log.split('\n').filter((l) => l.includes('GET /v3/auth/tokens')).length;
}

async function main(): Promise<void> {
  const dbDir = mkdtempSync(join(tmpdir(), 'octavia-bench-auth-'));
  const databaseUrl = `sqlite:///${join(dbDir, 'octavia.sqlite')}`;
  const sqlite = await createBenchDatabase('sqlite');
  const version = 'skipped' in sqlite ? 'SQLite' : sqlite.version;
  const keystone = await startKeystone();
  console.log(`keystone pid ${keystone.pid} on ${keystone.url}`);
  const services: Service[] = [];
  const runs: RunResult[] = [];
  let validationsDuringRuns = 0;
  const cpuProfileDir = process.env.BENCH_CPU_PROF === '1' ? join(REPO_ROOT, 'bench/profiles', `api-auth-${Date.now()}`) : undefined;
  const profiling = cpuProfileDir ? { cpuProfileDir } : {};
  try {
    const cloud = new KeystoneCloud(keystone);
    await cloud.setUp([PROJECT, 'service']);
    const octavia = await cloud.user('octavia', 'service', ['service']);
    const member = await cloud.user('bench-member', PROJECT, ['load-balancer_member', 'member']);
    const projectId = member.projectId;

    // noauth first: it creates the schema; the keystone service then opens the same, already migrated file
    const noauth = await startService({ databaseUrl, env: COMMON_ENV, ...profiling });
    services.push(noauth);
    const keystoneService = await startService({
      databaseUrl,
      ...profiling,
      env: {
        ...COMMON_ENV,
        OCTAVIA__API_SETTINGS__AUTH_STRATEGY: 'keystone',
        OCTAVIA__KEYSTONE_AUTHTOKEN__AUTH_URL: keystone.url,
        OCTAVIA__KEYSTONE_AUTHTOKEN__USERNAME: octavia.name,
        OCTAVIA__KEYSTONE_AUTHTOKEN__PASSWORD: octavia.password,
        OCTAVIA__KEYSTONE_AUTHTOKEN__PROJECT_NAME: octavia.project,
        // the token stays cached for the whole bench however long BENCH_DURATION_S makes it (default: 300 s)
        OCTAVIA__KEYSTONE_AUTHTOKEN__TOKEN_CACHE_TIME: '3600',
      },
    });
    services.push(keystoneService);
    console.log(`noauth service pid ${noauth.pid} on ${noauth.url}; keystone service pid ${keystoneService.pid} on ${keystoneService.url}`);

    const seeded = Date.now();
    // one at a time: concurrent creates can race for the same loopback VIP (see api-client.ts)
    for (let i = 0; i < SEEDED; i++) {
      await postJson(noauth.url, LB_PATH, {
        loadbalancer: { name: `bench-auth-${i}`, vip_subnet_id: VIP_SUBNET_ID, project_id: projectId },
      });
    }
    await waitAllActive(noauth.url, SEEDED);
    console.log(`seeded ${SEEDED} ACTIVE load balancers in project ${PROJECT} in ${((Date.now() - seeded) / 1000).toFixed(1)} s`);

    const token = await cloud.token(member);
    const headers: Record<Mode, Record<string, string>> = { noauth: {}, keystone: { 'X-Auth-Token': token } };
    const urls: Record<Mode, string> = { noauth: noauth.url, keystone: keystoneService.url };
    // both must read the same page: 50 of the project's 1,000 load balancers
    await assertListSize(noauth.url, PATH, 50);
    const check = await fetch(keystoneService.url + PATH, { headers: headers.keystone });
    const listed = ((await check.json()) as { loadbalancers?: { project_id: string }[] }).loadbalancers ?? [];
    if (check.status !== 200 || listed.length !== 50 || listed.some((lb) => lb.project_id !== projectId)) {
      throw new Error(`keystone list answered ${check.status} with ${listed.length} load balancers of project ${projectId}`);
    }
    for (const mode of ['noauth', 'keystone'] as const) {
      await runLoad(
        urls[mode],
        { name: 'warm-up', path: PATH, connections: 10, durationS: WARMUP_S, headers: headers[mode] },
        `sqlite, ${mode}`,
      );
    }

    const uwsgiLog = join(keystone.directory, 'uwsgi.log');
    const validationsBefore = await keystoneValidations(uwsgiLog);
    for (const connections of CONNECTIONS) {
      for (let round = 1; round <= ROUNDS; round++) {
        for (const mode of ['noauth', 'keystone'] as const) {
          const r = await runLoad(
            urls[mode],
            {
              name: `GET list, page of 50, ${mode}`,
              path: PATH,
              connections,
              durationS: DURATION_S,
              headers: headers[mode],
            },
            `sqlite, ${mode}`,
          );
          runs.push(r);
          console.log(
            `[${mode}] c=${connections} round ${round}: ${r.requestsPerSec} req/s, p50 ${r.latencyMs.p50} ms, p99 ` +
              `${r.latencyMs.p99} ms, errors ${r.errors}, non-2xx ${r.non2xx}, load1 ${r.loadAvg1}`,
          );
        }
      }
    }
    validationsDuringRuns = (await keystoneValidations(uwsgiLog)) - validationsBefore;
  } finally {
    for (const service of services.reverse()) await service.stop();
    await keystone.stop();
    rmSync(dbDir, { recursive: true, force: true });
  }

  const rows = compare(runs);
  const pass = rows.every((r) => r.pass);
  const notes = [
    `Both services ran side by side on one SQLite file (${SEEDED} ACTIVE load balancers of one project, seeded through the noauth ` +
      `service); their runs alternated, ${ROUNDS} per mode and connection count.`,
    `keystone: one project-member token (load-balancer_member), validated once before the warm-up; Keystone received ` +
      `${validationsDuringRuns} token validations during the timed runs (0 = the cache stayed warm).`,
  ];
  const results: AuthBenchResults = {
    generatedAt: new Date().toISOString(),
    machine: machineInfo({ sqlite: version }),
    runs,
    notes,
    comparison: { target: `keystone req/s >= ${TARGET_RATIO} × noauth req/s`, pass, rows },
    keystoneValidationsDuringRuns: validationsDuringRuns,
  };
  const title = 'API benchmark: authenticated list (keystone, token cache warm) vs noauth';
  const markdown = `${renderMarkdown(title, results)}\n${comparisonMarkdown(rows)}`;
  const files = writeResults('api-auth', results, markdown);
  console.log(`\n${markdown}`);
  console.log(`wrote ${files.json} and ${files.md}`);
  if (cpuProfileDir) console.log(`server CPU profiles in ${cpuProfileDir} (noauth pid first)`);
}

await main();

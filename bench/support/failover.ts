// Pieces the failover benchmarks share: a probe of the VIP on a new connection, polling, the allocated amphora of
// a load balancer, percentiles; the service with one load balancer on real amphorae; writing the results.
import { mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from '../../test/support/eventually.js';
import { httpGet } from '../../test/support/http-client.js';
import { getJson, LB_PATH, postJson, VIP_SUBNET_ID } from './api-client.js';
import { removeAmphorae, startNginxBackends } from './dataplane.js';
import { machineInfo } from './results.js';
import { REPO_ROOT, startService, type Service } from './service.js';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

/** One GET on a new connection; true on 200. */
export const probe = (url: string): Promise<boolean> =>
  httpGet(url, { timeoutMs: 500 }).then(
    (r) => r.status === 200,
    () => false,
  );

/** Polls `fn` every 50 ms until it returns a value (test/support/eventually.ts). */
export const waitFor = <T>(what: string, fn: () => Promise<T | undefined>, timeoutMs: number): Promise<T> =>
  eventually(what, fn, { timeoutMs, intervalMs: 50 }) as Promise<T>;

export async function allocatedAmphora(service: Service, lbId: string): Promise<{ id: string; compute_id: string } | undefined> {
  const body = await getJson(service.url, `/v2/octavia/amphorae?loadbalancer_id=${lbId}`);
  return (body.amphorae as { id: string; compute_id: string; status: string }[]).find((a) => a.status === 'ALLOCATED');
}

export const DEFAULT_HEALTH_TIMINGS = { heartbeat_interval: 1, heartbeat_timeout: 5, health_check_interval: 1 } as const;

export interface FailoverBench {
  readonly service: Service;
  /** the process compute driver's base directory (one directory per amphora) */
  readonly baseDir: string;
  readonly lbId: string;
  readonly vipUrl: string;
  lbState(): Promise<{ provisioning_status: string; operating_status: string }>;
  /** waits until the load balancer is ACTIVE and serves and its amphora has heartbeated a few times; returns it */
  readyAmphora(): Promise<{ id: string; compute_id: string }>;
}

/**
 * Runs `rounds` against the built all-in-one service with real amphorae and the default health timings, on one
 * load balancer (HTTP listener on `port`, two nginx members); removes the amphorae and backends afterwards.
 */
export async function withFailoverBench(name: string, port: number, rounds: (bench: FailoverBench) => Promise<void>): Promise<void> {
  const nginx = await startNginxBackends(2);
  const baseDir = mkdtempSync(join(tmpdir(), 'octavia-bench-amphorae-'));
  let service: Service | undefined;
  try {
    service = await startService({
      env: {
        OCTAVIA__API_SETTINGS__DEFAULT_PROVIDER_DRIVER: 'amphora',
        OCTAVIA__PROCESS_COMPUTE__BASE_DIR: baseDir,
        ...Object.fromEntries(
          Object.entries(DEFAULT_HEALTH_TIMINGS).map(([k, v]) => [`OCTAVIA__HEALTH_MANAGER__${k.toUpperCase()}`, String(v)]),
        ),
      },
    });
    const created = await postJson(service.url, LB_PATH, {
      loadbalancer: {
        name,
        vip_subnet_id: VIP_SUBNET_ID,
        listeners: [
          {
            protocol: 'HTTP',
            protocol_port: port,
            default_pool: {
              name: `${name}-pool`,
              protocol: 'HTTP',
              lb_algorithm: 'ROUND_ROBIN',
              members: nginx.ports.map((p) => ({ address: '127.0.0.1', protocol_port: p })),
            },
          },
        ],
      },
    });
    const svc = service;
    const lbId = created.loadbalancer.id as string;
    const vipUrl = `http://${created.loadbalancer.vip_address}:${port}/`;
    const lbState = async () =>
      (await getJson(svc.url, `${LB_PATH}/${lbId}`)).loadbalancer as { provisioning_status: string; operating_status: string };
    await rounds({
      service: svc,
      baseDir,
      lbId,
      vipUrl,
      lbState,
      async readyAmphora() {
        await waitFor('ACTIVE', async () => ((await lbState()).provisioning_status === 'ACTIVE' ? true : undefined), 60_000);
        await waitFor('the VIP to serve', async () => ((await probe(vipUrl)) ? true : undefined), 30_000);
        // only an amphora that heartbeated is failed over
        await sleep(3000);
        return (await allocatedAmphora(svc, lbId))!;
      },
    });
  } finally {
    await service?.stop();
    await removeAmphorae(baseDir);
    await nginx.stop();
  }
}

/** bench/results/<name>.{json,md}, each replaced whole. */
export function writeResults(name: string, results: unknown, md: string): void {
  const dir = join(REPO_ROOT, 'bench/results');
  for (const [file, content] of [
    [join(dir, `${name}.json`), `${JSON.stringify(results, null, 2)}\n`],
    [join(dir, `${name}.md`), md],
  ] as const) {
    writeFileSync(`${file}.tmp`, content);
    renameSync(`${file}.tmp`, file);
  }
}

/** Title, machine and health timings: the first lines of a failover benchmark's results. */
export function resultsHeader(title: string, generatedAt: string, m: ReturnType<typeof machineInfo>): string[] {
  const t = DEFAULT_HEALTH_TIMINGS;
  return [
    title,
    '',
    `Generated ${generatedAt} on ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}.`,
    `Built all-in-one service (SQLite), real amphorae; heartbeat_interval ${t.heartbeat_interval} s, heartbeat_timeout ` +
      `${t.heartbeat_timeout} s, health_check_interval ${t.health_check_interval} s.`,
  ];
}

/** When and where, the health timings, and p50/p90/min/max of the samples (ms). */
export function summary(samplesMs: readonly number[]) {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  return {
    generatedAt: new Date().toISOString(),
    machine: machineInfo({}),
    timings: DEFAULT_HEALTH_TIMINGS,
    failovers: sorted.length,
    p50Ms: percentile(sorted, 50),
    p90Ms: percentile(sorted, 90),
    minMs: sorted[0],
    maxMs: sorted.at(-1),
  };
}

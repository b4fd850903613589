// Synthetic amphorae for health manager tests: a real UDP socket on 127.0.0.1 sending heartbeats signed with the
// codec, and a health manager started on the test API's database.
import { createSocket, type Socket } from 'node:dgram';
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import type { OctaviaConfig } from '../../src/config/config.js';
import { encodeHeartbeat } from '../../src/contracts/heartbeat.js';
import type { Db } from '../../src/db/connection.js';
import type { Dialect } from '../../src/db/url.js';
import { type HealthManager, type HealthManagerOptions, startHealthManager } from '../../src/health-manager/health-manager.js';
import type { TestApi } from '../support/api-harness.js';
import { eventually } from '../support/eventually.js';
import { LB, VIP_SUBNET, waitActive } from '../support/fixtures.js';

export const KEY = 'test-heartbeat-key';

export type HealthSettings = Partial<OctaviaConfig['health_manager']>;

/** A logger whose lines the test can read. */
export function capturingLogger(): { log: Logger; lines: () => any[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(
        ...String(chunk)
          .split('\n')
          .filter((l) => l !== ''),
      );
      done();
    },
  });
  return { log: pino({ level: 'info' }, stream), lines: () => lines.map((l) => JSON.parse(l)) };
}

export async function startTestHealthManager(
  config: OctaviaConfig,
  db: Db,
  dialect: Dialect,
  settings: HealthSettings = {},
  opts: Partial<HealthManagerOptions> = {},
): Promise<HealthManager> {
  return startHealthManager({
    config: {
      ...config,
      health_manager: { ...config.health_manager, heartbeat_key: KEY, bind_ip: '127.0.0.1', bind_port: 0, ...settings },
    },
    db,
    dialect,
    log: opts.log ?? pino({ level: process.env.OCTAVIA_TEST_LOG_LEVEL ?? 'silent' }),
    scan: false,
    ...opts,
  });
}

export class Amphorae {
  private readonly socket: Socket = createSocket('udp4');
  private seq = 0;

  constructor(private readonly hm: HealthManager) {}

  nextSeq(): number {
    return ++this.seq;
  }

  /** sends raw datagrams and waits until the health manager has read and written (or dropped) all of them */
  async sendRaw(datagrams: Buffer[]): Promise<void> {
    const before = this.hm.counters.received;
    for (const d of datagrams) {
      await new Promise<void>((resolve, reject) =>
        this.socket.send(d, this.hm.address.port, '127.0.0.1', (err) => (err ? reject(err) : resolve())),
      );
    }
    const read = () => this.hm.counters.received - before;
    const all = (n: number) => n >= datagrams.length;
    await eventually(`health manager to read ${datagrams.length} datagrams`, read, { until: all, timeoutMs: 10_000, intervalMs: 5 });
    await this.hm.drain();
  }

  async send(...messages: object[]): Promise<void> {
    await this.sendRaw(messages.map((m) => encodeHeartbeat(m, KEY)));
  }

  close(): void {
    this.socket.close();
  }
}

export interface World {
  lbId: string;
  listenerId: string;
  poolId: string;
  members: [string, string];
  amphoraId: string;
}

/** One load balancer (amphora provider, noop drivers): a listener, its default pool with two members. */
export async function createWorld(api: TestApi, name = 'hm'): Promise<World> {
  const res = await api.post(LB, {
    loadbalancer: {
      name,
      vip_subnet_id: VIP_SUBNET,
      listeners: [
        {
          protocol: 'HTTP',
          protocol_port: 80,
          default_pool: {
            name: 'web',
            protocol: 'HTTP',
            lb_algorithm: 'ROUND_ROBIN',
            members: [
              { address: '127.0.0.1', protocol_port: 8080 },
              { address: '127.0.0.2', protocol_port: 8080 },
            ],
          },
        },
      ],
    },
  });
  if (res.status !== 201) throw new Error(`create LB: ${res.status} ${res.text}`);
  const lbId = res.body.loadbalancer.id as string;
  await waitActive(api, lbId);
  const db = api.runtime.database.db;
  const listener = await db.selectFrom('listener').select('id').where('load_balancer_id', '=', lbId).executeTakeFirstOrThrow();
  const pool = await db.selectFrom('pool').select('id').where('load_balancer_id', '=', lbId).executeTakeFirstOrThrow();
  const members = await db.selectFrom('member').select('id').where('pool_id', '=', pool.id).orderBy('ip_address').execute();
  const amp = await db
    .selectFrom('amphora')
    .select('id')
    .where('load_balancer_id', '=', lbId)
    .where('status', '=', 'ALLOCATED')
    .executeTakeFirstOrThrow();
  return { lbId, listenerId: listener.id, poolId: pool.id, members: [members[0]!.id, members[1]!.id], amphoraId: amp.id };
}

export const ZERO = { tx: 0, rx: 0, conns: 0, totconns: 0, ereq: 0 };

/** A version 3 heartbeat for the world's amphora, signed at `ts` (default: now), as our agent sends it. */
export function heartbeat(
  w: World,
  seq: number,
  members: [string, string],
  opts: { pool?: string; listener?: string; stats?: typeof ZERO; ts?: number } = {},
): object {
  return {
    id: w.amphoraId,
    seq,
    ts: opts.ts ?? Date.now(),
    ver: 3,
    listeners: { [w.listenerId]: { status: opts.listener ?? 'OPEN', stats: opts.stats ?? ZERO } },
    pools: {
      [`${w.poolId}:${w.listenerId}`]: { status: opts.pool ?? 'UP', members: { [w.members[0]]: members[0], [w.members[1]]: members[1] } },
    },
  };
}

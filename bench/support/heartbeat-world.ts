// Load balancers with one ALLOCATED amphora each, for the heartbeat benchmarks: created through the API of a running
// service (one listener, one pool, two members each), then an amphora row per load balancer; and the signed
// version 3 heartbeat such an amphora sends.
import { createSocket } from 'node:dgram';
import { newId } from '../../src/common/ids.js';
import { encodeHeartbeat } from '../../src/contracts/heartbeat.js';
import { openDatabaseUrl } from '../../src/db/connection.js';
import { ensureAmphora } from '../../src/db/repositories/amphorae.js';
import { LB_PATH, postJson, VIP_SUBNET_ID, waitAllActive } from './api-client.js';

export interface BenchAmphora {
  id: string;
  listenerId: string;
  poolId: string;
  members: string[];
  seq: number;
}

export async function seedAmphorae(serviceUrl: string, dbUrl: string, count: number): Promise<BenchAmphora[]> {
  // one at a time: concurrent creates can race for a VIP address (see api-client.ts)
  for (let i = 0; i < count; i++) {
    await postJson(serviceUrl, LB_PATH, {
      loadbalancer: {
        name: `hb-${i}`,
        vip_subnet_id: VIP_SUBNET_ID,
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
  }
  await waitAllActive(serviceUrl, count);
  const handle = openDatabaseUrl(dbUrl, 2);
  try {
    const db = handle.db;
    const listeners = await db.selectFrom('listener').select(['id', 'load_balancer_id', 'default_pool_id']).execute();
    const members = await db.selectFrom('member').select(['id', 'pool_id']).execute();
    const byPool = new Map<string, string[]>();
    for (const m of members) byPool.set(m.pool_id, [...(byPool.get(m.pool_id) ?? []), m.id]);
    const out: BenchAmphora[] = [];
    for (const l of listeners) {
      const id = newId();
      await ensureAmphora(db, id, {
        load_balancer_id: l.load_balancer_id,
        status: 'ALLOCATED',
        role: 'STANDALONE',
        lb_network_ip: '127.0.0.1',
      });
      out.push({
        id,
        listenerId: l.id,
        poolId: l.default_pool_id as string,
        members: byPool.get(l.default_pool_id as string) ?? [],
        seq: 0,
      });
    }
    return out;
  } finally {
    await handle.close();
  }
}

/** The amphora's next heartbeat (seq + 1, ts now), as our agent sends it; totconns = 1 counts it in the statistics. */
export function heartbeatDatagram(a: BenchAmphora, key: string): Buffer {
  a.seq++;
  return encodeHeartbeat(
    {
      id: a.id,
      seq: a.seq,
      ts: Date.now(),
      ver: 3,
      listeners: { [a.listenerId]: { status: 'OPEN', stats: { tx: 100, rx: 50, conns: 1, totconns: 1, ereq: 0 } } },
      pools: { [`${a.poolId}:${a.listenerId}`]: { status: 'UP', members: Object.fromEntries(a.members.map((m) => [m, 'UP'])) } },
    },
    key,
  );
}

export async function freeUdpPort(): Promise<number> {
  const s = createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', r));
  const port = s.address().port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

// The API side the data-plane tests share: a load balancer created as one graph (createServingLb), updates waited to
// ACTIVE, and where an amphora keeps a load balancer's files and HAProxy's stats.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readHaproxyStatRows, type StatRow } from '../../src/amphora-agent/process/stats.js';
import { STATS_SOCKET_FILE } from '../../src/contracts/haproxy-files.js';
import type { TestApi } from './api-harness.js';
import { LB, VIP_SUBNET } from './fixtures.js';

/** What a data-plane test needs of a load balancer created as one graph (LB + one listener + its default pool). */
export interface ServingLb {
  readonly id: string;
  readonly vip: string;
  readonly listenerId: string;
  readonly poolId: string;
  /** member ids by "<address>:<port>" */
  readonly memberIds: Map<string, string>;
  /** http://<vip>:<port>/ */
  readonly url: string;
  readonly port: number;
}

/**
 * POSTs a load balancer with one listener (whose default_pool carries members and health monitor) as a single
 * graph, waits for ACTIVE and returns the ids a test refers to.
 */
export async function createServingLb(api: TestApi, listener: Record<string, unknown> & { protocol_port: number }): Promise<ServingLb> {
  // Octavia: pools in a fully populated load balancer must be named
  const pool = listener.default_pool as Record<string, unknown> | undefined;
  const named = pool ? { ...listener, default_pool: { name: `pool-${listener.protocol_port}`, ...pool } } : listener;
  const res = await api.post(LB, { loadbalancer: { vip_subnet_id: VIP_SUBNET, listeners: [named] } });
  assert.equal(res.status, 201, res.text);
  const lb = res.body.loadbalancer;
  await settled(api, lb.id);
  const listenerId: string = lb.listeners[0].id;
  const poolId: string = lb.pools[0].id;
  const members = await api.get(`/v2/lbaas/pools/${poolId}/members`);
  assert.equal(members.status, 200, members.text);
  const memberIds = new Map<string, string>(members.body.members.map((m: any) => [`${m.address}:${m.protocol_port}`, m.id]));
  return {
    id: lb.id,
    vip: lb.vip_address,
    listenerId,
    poolId,
    memberIds,
    url: `http://${lb.vip_address}:${listener.protocol_port}/`,
    port: listener.protocol_port,
  };
}

/** Waits until the load balancer leaves PENDING_*; fails with the worker's job errors when it went to ERROR. */
export async function settled(api: TestApi, lbId: string): Promise<void> {
  const body = await api.waitFor(`${LB}/${lbId}`, (b) => !String(b.loadbalancer?.provisioning_status).startsWith('PENDING_'), 30_000);
  const status = body.loadbalancer.provisioning_status;
  if (status === 'ACTIVE') return;
  const jobs = await api.runtime.database.db.selectFrom('job').select(['flow', 'state', 'error']).where('error', 'is not', null).execute();
  assert.fail(`load balancer ${lbId} is ${status}; failed jobs: ${JSON.stringify(jobs)}`);
}

/** PUTs an update and waits until the load balancer is ACTIVE again. */
export async function updateAndWait(api: TestApi, lbId: string, path: string, body: unknown): Promise<void> {
  const res = await api.put(path, body);
  assert.equal(res.status, 200, `PUT ${path}: ${res.text}`);
  await settled(api, lbId);
}

/** A member body for one backend. */
export function memberOf(
  backend: { host: string; port: number; name?: string },
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return { address: backend.host, protocol_port: backend.port, ...(backend.name ? { name: backend.name } : {}), ...extra };
}

/** Where the amphora of a load balancer keeps it: the compute instance's directory and the load balancer's own. */
export async function amphoraOf(
  api: TestApi & { stateDir: string },
  lbId: string,
): Promise<{ id: string; computeId: string; lbNetworkIp: string; dir: string; lbDir: string }> {
  const amp = await api.runtime.database.db
    .selectFrom('amphora')
    .select(['id', 'compute_id', 'lb_network_ip'])
    .where('load_balancer_id', '=', lbId)
    .where('status', '!=', 'DELETED')
    .executeTakeFirstOrThrow();
  const dir = join(api.stateDir, 'amphorae', amp.compute_id as string);
  return {
    id: amp.id,
    computeId: amp.compute_id as string,
    lbNetworkIp: amp.lb_network_ip as string,
    dir,
    lbDir: join(dir, 'state', 'lb', lbId),
  };
}

/** HAProxy's own `show stat` row of one member (server name = member id), read from the amphora's stats socket. */
export async function memberStat(lbDir: string, memberId: string): Promise<StatRow> {
  const rows = await readHaproxyStatRows(join(lbDir, STATS_SOCKET_FILE));
  const row = rows.find((r) => r.svname === memberId);
  if (!row) throw new Error(`no server ${memberId} in show stat`);
  return row;
}

// Builders for the objects most tests need, through the public API.
import assert from 'node:assert/strict';
import { LOOPBACK_NETWORK_ID, LOOPBACK_SUBNET_ID } from '../../src/drivers/network/loopback.js';
import type { TestApi } from './api-harness.js';

export const VIP_SUBNET = LOOPBACK_SUBNET_ID;
export const VIP_NETWORK = LOOPBACK_NETWORK_ID;
export const LB = '/v2/lbaas/loadbalancers';

/** A graph create body: one HTTP listener whose default pool has one member. */
export const LISTENER_POOL_MEMBER_GRAPH = {
  loadbalancer: {
    vip_subnet_id: VIP_SUBNET,
    listeners: [
      {
        protocol: 'HTTP',
        protocol_port: 80,
        default_pool: {
          name: 'web',
          protocol: 'HTTP',
          lb_algorithm: 'ROUND_ROBIN',
          members: [{ address: '127.0.0.1', protocol_port: 8080 }],
        },
      },
    ],
  },
};

export async function waitActive(api: TestApi, lbId: string): Promise<any> {
  return (await api.waitFor(`${LB}/${lbId}`, (b) => b.loadbalancer.provisioning_status === 'ACTIVE')).loadbalancer;
}

export async function createLb(api: TestApi, extra: Record<string, unknown> = {}): Promise<any> {
  const res = await api.post(LB, { loadbalancer: { vip_subnet_id: VIP_SUBNET, ...extra } });
  assert.equal(res.status, 201, res.text);
  await waitActive(api, res.body.loadbalancer.id);
  return res.body.loadbalancer;
}

export async function createListener(api: TestApi, lbId: string, extra: Record<string, unknown> = {}): Promise<any> {
  const res = await api.post('/v2/lbaas/listeners', { listener: { loadbalancer_id: lbId, protocol: 'HTTP', protocol_port: 80, ...extra } });
  assert.equal(res.status, 201, res.text);
  await waitActive(api, lbId);
  return res.body.listener;
}

export async function createPool(api: TestApi, lbId: string, extra: Record<string, unknown> = {}): Promise<any> {
  const res = await api.post('/v2/lbaas/pools', {
    pool: { loadbalancer_id: lbId, protocol: 'HTTP', lb_algorithm: 'ROUND_ROBIN', ...extra },
  });
  assert.equal(res.status, 201, res.text);
  await waitActive(api, lbId);
  return res.body.pool;
}

export async function createMember(api: TestApi, lbId: string, poolId: string, extra: Record<string, unknown> = {}): Promise<any> {
  const res = await api.post(`/v2/lbaas/pools/${poolId}/members`, { member: { address: '127.0.0.1', protocol_port: 8080, ...extra } });
  assert.equal(res.status, 201, res.text);
  await waitActive(api, lbId);
  return res.body.member;
}

export async function createHealthMonitor(api: TestApi, lbId: string, poolId: string, extra: Record<string, unknown> = {}): Promise<any> {
  const res = await api.post('/v2/lbaas/healthmonitors', {
    healthmonitor: { pool_id: poolId, type: 'HTTP', delay: 5, timeout: 3, max_retries: 3, ...extra },
  });
  assert.equal(res.status, 201, res.text);
  await waitActive(api, lbId);
  return res.body.healthmonitor;
}

/** Asserts Octavia's fault body: {"faultcode": "Client", "faultstring": ..., "debuginfo": null}. */
export function assertFault(res: { status: number; body: any; text: string }, status: number, faultstring?: string | RegExp): void {
  assert.equal(res.status, status, res.text);
  assert.equal(res.body?.faultcode, status >= 500 ? 'Server' : 'Client', res.text);
  assert.equal(res.body?.debuginfo, null);
  if (typeof faultstring === 'string') assert.equal(res.body.faultstring, faultstring);
  else if (faultstring) assert.match(res.body.faultstring, faultstring);
}

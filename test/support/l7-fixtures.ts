// Builders for L7 policy and rule tests: an HTTP listener with a pool to redirect to, policies and rules created
// through the public API and waited on until the load balancer is ACTIVE again.
import assert from 'node:assert/strict';
import type { TestApi } from './api-harness.js';
import { createLb, createListener, createPool, waitActive } from './fixtures.js';

export const POLICIES = '/v2/lbaas/l7policies';
export const rulesOf = (policyId: string): string => `${POLICIES}/${policyId}/rules`;

export interface L7Stack {
  lb: any;
  listener: any;
  pool: any;
}

/** A load balancer with an HTTP listener on `port` and an HTTP pool on the same load balancer. */
export async function l7Stack(api: TestApi, port = 80): Promise<L7Stack> {
  const lb = await createLb(api);
  const listener = await createListener(api, lb.id, { protocol_port: port });
  const pool = await createPool(api, lb.id);
  return { lb, listener, pool };
}

export async function createPolicy(api: TestApi, stack: L7Stack, extra: Record<string, unknown> = {}): Promise<any> {
  const res = await api.post(POLICIES, { l7policy: { listener_id: stack.listener.id, action: 'REJECT', ...extra } });
  assert.equal(res.status, 201, res.text);
  await waitActive(api, stack.lb.id);
  return res.body.l7policy;
}

export async function createRule(api: TestApi, stack: L7Stack, policyId: string, extra: Record<string, unknown> = {}): Promise<any> {
  const res = await api.post(rulesOf(policyId), { rule: { type: 'PATH', compare_type: 'STARTS_WITH', value: '/api', ...extra } });
  assert.equal(res.status, 201, res.text);
  await waitActive(api, stack.lb.id);
  return res.body.rule;
}

/** Policy ids of a listener in position order, and their positions, as the API reports them. */
export async function positionsOf(api: TestApi, listenerId: string): Promise<{ id: string; position: number }[]> {
  const res = await api.get(`${POLICIES}?listener_id=${listenerId}&sort=position:asc`);
  assert.equal(res.status, 200, res.text);
  return res.body.l7policies.map((p: any) => ({ id: p.id, position: p.position }));
}

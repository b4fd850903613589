// The few API calls benchmarks need to set the stage (seed objects, wait for ACTIVE, check what a run will read),
// over plain fetch against the service process.
import { LOOPBACK_SUBNET_ID } from '../../src/drivers/network/loopback.js';

export const LB_PATH = '/v2/lbaas/loadbalancers';
export const VIP_SUBNET_ID = LOOPBACK_SUBNET_ID;

export async function getJson(baseUrl: string, path: string): Promise<any> {
  const res = await fetch(baseUrl + path);
  const text = await res.text();
  if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

export async function postJson(baseUrl: string, path: string, body: unknown): Promise<any> {
  const res = await fetch(baseUrl + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  if (res.status !== 201 && res.status !== 202) throw new Error(`POST ${path} answered ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

export function loadBalancerBody(name: string): unknown {
  return { loadbalancer: { name, vip_subnet_id: VIP_SUBNET_ID } };
}

/** provisioning_status of every load balancer the service holds (one page; at most pagination_max_limit). */
export async function loadBalancerStatuses(baseUrl: string): Promise<string[]> {
  const body = await getJson(baseUrl, `${LB_PATH}?limit=1000&fields=id&fields=provisioning_status`);
  return (body.loadbalancers as { provisioning_status: string }[]).map((lb) => lb.provisioning_status);
}

/**
 * Creates `count` load balancers through the API (`concurrency` requests in flight) and waits until all are ACTIVE.
 * One at a time by default: concurrent creates can race for the same VIP in the loopback network driver and fail
 * with 409 "No more IP addresses" (the POST benchmark shows that as non-2xx; seeding must not depend on it).
 */
export async function seedLoadBalancers(
  baseUrl: string,
  count: number,
  opts: { concurrency?: number; prefix?: string } = {},
): Promise<void> {
  const { concurrency = 1, prefix = 'bench-seed' } = opts;
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      await postJson(baseUrl, LB_PATH, loadBalancerBody(`${prefix}-${i}`));
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  await waitAllActive(baseUrl, count);
}

export async function waitAllActive(baseUrl: string, expected: number, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let statuses: string[] = [];
  while (Date.now() < deadline) {
    statuses = await loadBalancerStatuses(baseUrl);
    if (statuses.length === expected && statuses.every((s) => s === 'ACTIVE')) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  const active = statuses.filter((s) => s === 'ACTIVE').length;
  throw new Error(`expected ${expected} ACTIVE load balancers, found ${active} of ${statuses.length} after ${timeoutMs} ms`);
}

/** Fails unless GET path lists exactly `expected` load balancers: a run must read what its name says. */
export async function assertListSize(baseUrl: string, path: string, expected: number): Promise<void> {
  const got = (await getJson(baseUrl, path)).loadbalancers?.length;
  if (got !== expected) throw new Error(`GET ${path} listed ${got} load balancers, expected ${expected}`);
}

// The single-call create: listeners (with default pools and L7 policies) and pools (with members and health
// monitors) inside the load balancer body, written in the load balancer's own transaction (Octavia's _graph_create).
// Certificate references are fetched before that transaction (graphTlsRefs + prefetchCertificates): `services.certs`
// given to createGraph answers from that pre-fetch.
import { validationFailure, ApiFault } from '../../../common/faults.js';
import { MAX_L7_RULES_PER_POLICY } from '../../../common/constants.js';
import type { Db } from '../../../db/connection.js';
import type { LoadBalancer, Pool } from '../../../db/models.js';
import { insertHealthMonitor } from '../../../db/repositories/health-monitors.js';
import { insertL7Policy } from '../../../db/repositories/l7policies.js';
import { insertL7Rule } from '../../../db/repositories/l7rules.js';
import { insertListener } from '../../../db/repositories/listeners.js';
import { insertMember } from '../../../db/repositories/members.js';
import { insertPool, loadPools } from '../../../db/repositories/pools.js';
import type { ProviderDriver } from '../../../providers/provider-driver.js';
import type { ApiServices } from '../../services.js';
import { callProvider } from '../../transaction.js';
import { listenerTlsRefs, mergeTlsRefs, poolTlsRefs, type TlsRefs } from '../common/tls-prefetch.js';
import { prepareHealthMonitor } from '../healthmonitors/prepare.js';
import { type PolicyArgs, prepareL7Policy } from '../l7policies/prepare.js';
import type { L7PolicySingleCreate } from '../l7policies/schema.js';
import { prepareRule } from '../l7rules/prepare.js';
import { noChildren, prepareListener, validatePoolProtocol } from '../listeners/prepare.js';
import type { ListenerSingleCreate } from '../listeners/schema.js';
import { assertMemberFree, checkNotReserved, checkSubnet, prepareMember } from '../members/prepare.js';
import { preparePool } from '../pools/prepare.js';
import type { PoolSingleCreate } from '../pools/schema.js';

/** A pool given as more than its name (admin_state_up and tls_enabled aside) is a definition, not a reference. */
function isDefinition(pool: PoolSingleCreate): boolean {
  return Object.keys(pool).some((k) => !['name', 'admin_state_up', 'tls_enabled'].includes(k));
}

/** Every certificate reference of the graph's listeners and pools (inline default and redirect pools too). */
export function graphTlsRefs(listeners: readonly ListenerSingleCreate[], pools: readonly PoolSingleCreate[]): TlsRefs {
  const all: TlsRefs[] = pools.map(poolTlsRefs);
  for (const l of listeners) {
    all.push(listenerTlsRefs(l));
    if (l.default_pool) all.push(poolTlsRefs(l.default_pool));
    for (const policy of l.l7policies ?? []) if (policy.redirect_pool) all.push(poolTlsRefs(policy.redirect_pool));
  }
  return mergeTlsRefs(all);
}

const unnamed = () => validationFailure('Pools must be named when creating a fully populated loadbalancer.');

export async function createGraph(
  services: ApiServices,
  tx: Db,
  lb: LoadBalancer,
  driver: ProviderDriver,
  listenersIn: ListenerSingleCreate[],
  poolsIn: PoolSingleCreate[],
): Promise<void> {
  const pools = [...poolsIn];
  const required = new Set<string>();
  const listeners = listenersIn.map((l) => ({ ...l, l7policies: (l.l7policies ?? []).map((p) => ({ ...p })) }));
  for (const listener of listeners) {
    const dp = listener.default_pool;
    if (dp) {
      if (!dp.name) throw unnamed();
      if (isDefinition(dp)) {
        pools.push(dp);
        listener.default_pool = { name: dp.name };
      } else {
        required.add(dp.name);
      }
    }
    for (const policy of listener.l7policies) {
      const rp = policy.redirect_pool;
      if (!rp) continue;
      if (!rp.name) throw unnamed();
      if (isDefinition(rp)) {
        pools.push(rp);
        policy.redirect_pool = { name: rp.name };
      } else {
        required.add(rp.name);
      }
    }
  }
  const names = pools.map((p) => p.name ?? null);
  if (new Set(names).size !== names.length) {
    throw validationFailure('Pool names must be unique when creating a fully populated loadbalancer.');
  }
  for (const ref of required) {
    if (!names.includes(ref)) throw validationFailure(`Pool '${ref}' was referenced but no full definition was found.`);
  }

  const poolIdByName = new Map<string, string>();
  const poolById = new Map<string, Pool>();
  for (const p of pools) {
    for (const attr of ['protocol', 'lb_algorithm'] as const) {
      if (!p[attr]) throw validationFailure(`Pool definition for '${p.name}' missing required attribute: ${attr}`);
    }
    await callProvider(driver.name, () =>
      driver.validatePool?.({ lb_algorithm: p.lb_algorithm as string, protocol: p.protocol as string }),
    );
    const pool = await preparePool(services, p, lb);
    await insertPool(tx, pool);
    const [stored] = await loadPools(tx, [pool.id]);
    if (p.healthmonitor) {
      const hm = prepareHealthMonitor(services, p.healthmonitor, stored!);
      await insertHealthMonitor(tx, hm);
    }
    for (const m of p.members ?? []) {
      checkNotReserved(services, m.address as string);
      await checkSubnet(services, m.subnet_id);
      await assertMemberFree(tx, pool.id, m.address as string, m.protocol_port as number);
      await insertMember(tx, prepareMember(m, pool, Boolean(p.healthmonitor)));
    }
    if (pool.name) poolIdByName.set(pool.name, pool.id);
    poolById.set(pool.id, stored!);
  }

  for (const l of listeners) {
    await callProvider(driver.name, () => driver.validateListener?.({ protocol: l.protocol as string }));
    let defaultPoolId = l.default_pool_id ?? null;
    if (l.default_pool) {
      defaultPoolId = poolIdByName.get(l.default_pool.name as string) ?? null;
      if (!defaultPoolId) throw new ApiFault(400, `Missing details for Pool object: ${l.default_pool.name}`);
    }
    if (defaultPoolId) {
      if (l.protocol === 'PROMETHEUS') throw noChildren('PROMETHEUS');
      const pool = poolById.get(defaultPoolId);
      if (!pool) throw validationFailure(`Pool ${defaultPoolId} is not part of this load balancer.`);
      validatePoolProtocol(l.protocol as string, pool.protocol);
    }
    const listener = await prepareListener(services, tx, { ...l, default_pool_id: defaultPoolId }, lb);
    await insertListener(tx, listener);
    if (l.protocol === 'PROMETHEUS' && l.l7policies.length > 0) throw noChildren('PROMETHEUS');
    if (l.l7policies.length > 0) await callProvider(driver.name, () => driver.validateL7Policy?.({ protocol: l.protocol as string }));
    for (const p of l.l7policies) await createPolicy(tx, lb, listener, p, poolIdByName, poolById);
  }
}

async function createPolicy(
  tx: Db,
  lb: LoadBalancer,
  listener: { id: string; protocol: string },
  input: L7PolicySingleCreate,
  poolIdByName: Map<string, string>,
  poolById: Map<string, Pool>,
): Promise<void> {
  // the redirect pool is one of the graph's: by name (resolved here) or by an id among them
  const redirectPool = (args: PolicyArgs): string | null => {
    let redirectPoolId = args.redirect_pool_id ?? null;
    if (args.redirect_pool) {
      const name = (args.redirect_pool as { name?: string }).name as string;
      redirectPoolId = poolIdByName.get(name) ?? null;
      if (!redirectPoolId) throw new ApiFault(400, `Missing details for Pool object: ${name}`);
    }
    if (redirectPoolId) {
      const pool = poolById.get(redirectPoolId);
      if (!pool) throw validationFailure(`Pool ${redirectPoolId} is not part of this load balancer.`);
      validatePoolProtocol(listener.protocol, pool.protocol);
    }
    return redirectPoolId;
  };
  const policy = prepareL7Policy(input, listener, lb.project_id, redirectPool);
  const rules = input.rules ?? [];
  if (rules.length > MAX_L7_RULES_PER_POLICY) throw new ApiFault(409, `Too many rules on L7 policy ${policy.id}`);
  const prepared = rules.map((r) => prepareRule(r, policy));
  await insertL7Policy(tx, policy);
  for (const rule of prepared) await insertL7Rule(tx, rule);
}

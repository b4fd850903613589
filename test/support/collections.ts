// One object of every listed kind, and the v2 list endpoints that show them, for tests that check a list behaviour on
// every collection at once.
import assert from 'node:assert/strict';
import type { TestApi } from './api-harness.js';
import { createHealthMonitor, createLb, createListener, createMember, createPool, LB } from './fixtures.js';
import { createPolicy, createRule, POLICIES, rulesOf } from './l7-fixtures.js';

export interface OneOfEach {
  lb: any;
  listener: any;
  pool: any;
  member: any;
  hm: any;
  policy: any;
  rule: any;
  flavorProfile: any;
  flavor: any;
  zoneProfile: any;
  zone: any;
  /** the project whose quota record was written */
  quotaProject: string;
}

/**
 * A load balancer with a listener, a pool with a member and a health monitor, an L7 policy with a rule, a flavor and
 * its profile, an availability zone and its profile, and a quota record; `name` names them all (and the project).
 */
export async function createOneOfEach(api: TestApi, name: string, extra: Record<string, unknown> = {}): Promise<OneOfEach> {
  const lb = await createLb(api, { name, ...extra });
  const listener = await createListener(api, lb.id, { name });
  const pool = await createPool(api, lb.id, { name });
  const member = await createMember(api, lb.id, pool.id, { name });
  const hm = await createHealthMonitor(api, lb.id, pool.id, { name });
  const stack = { lb, listener, pool };
  const policy = await createPolicy(api, stack, { name });
  const rule = await createRule(api, stack, policy.id, { value: `/${name}` });
  const created = async (path: string, wrapper: string, body: Record<string, unknown>) => {
    const res = await api.post(path, { [wrapper]: body });
    assert.equal(res.status, 201, res.text);
    return res.body[wrapper];
  };
  const flavorProfile = await created('/v2/lbaas/flavorprofiles', 'flavorprofile', {
    name,
    provider_name: 'noop_driver',
    flavor_data: '{}',
  });
  const flavor = await created('/v2/lbaas/flavors', 'flavor', { name, flavor_profile_id: flavorProfile.id });
  const zoneProfile = await created('/v2/lbaas/availabilityzoneprofiles', 'availability_zone_profile', {
    name,
    provider_name: 'noop_driver',
    availability_zone_data: '{}',
  });
  const zone = await created('/v2/lbaas/availabilityzones', 'availability_zone', { name, availability_zone_profile_id: zoneProfile.id });
  const quotaProject = `${name}-project`;
  const quota = await api.put(`/v2/lbaas/quotas/${quotaProject}`, { quota: { listener: 5 } });
  assert.equal(quota.status, 202, quota.text);
  return { lb, listener, pool, member, hm, policy, rule, flavorProfile, flavor, zoneProfile, zone, quotaProject };
}

export interface ListedCollection {
  readonly path: string;
  /** the response key holding the items */
  readonly key: string;
  /** the response key holding the pagination links */
  readonly linksKey: string;
  /** the attribute that identifies an item (and is the marker) */
  readonly idField: string;
  /** the quota list takes no fields= */
  readonly ignoresFields?: boolean;
}

/** Every database-backed v2 list; member and rule lists are those of `parent`'s pool and policy. */
export function listedCollections(parent: Pick<OneOfEach, 'pool' | 'policy'>): ListedCollection[] {
  return [
    { path: LB, key: 'loadbalancers', linksKey: 'loadbalancers_links', idField: 'id' },
    { path: '/v2/lbaas/listeners', key: 'listeners', linksKey: 'listeners_links', idField: 'id' },
    { path: '/v2/lbaas/pools', key: 'pools', linksKey: 'pools_links', idField: 'id' },
    { path: `/v2/lbaas/pools/${parent.pool.id}/members`, key: 'members', linksKey: 'members_links', idField: 'id' },
    { path: '/v2/lbaas/healthmonitors', key: 'healthmonitors', linksKey: 'healthmonitors_links', idField: 'id' },
    { path: POLICIES, key: 'l7policies', linksKey: 'l7policies_links', idField: 'id' },
    { path: rulesOf(parent.policy.id), key: 'rules', linksKey: 'rules_links', idField: 'id' },
    { path: '/v2/octavia/amphorae', key: 'amphorae', linksKey: 'amphorae_links', idField: 'id' },
    { path: '/v2/lbaas/flavors', key: 'flavors', linksKey: 'flavors_links', idField: 'id' },
    { path: '/v2/lbaas/flavorprofiles', key: 'flavorprofiles', linksKey: 'flavorprofile_links', idField: 'id' },
    { path: '/v2/lbaas/availabilityzones', key: 'availability_zones', linksKey: 'availability_zones_links', idField: 'name' },
    {
      path: '/v2/lbaas/availabilityzoneprofiles',
      key: 'availability_zone_profiles',
      linksKey: 'availability_zone_profile_links',
      idField: 'id',
    },
    { path: '/v2/lbaas/quotas', key: 'quotas', linksKey: 'quotas_links', idField: 'project_id', ignoresFields: true },
  ];
}

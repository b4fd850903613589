// Every API action × every role of the reference policy matrix, over HTTP in auth_strategy = testing (identity from
// headers, Octavia's default policies enforced). The expected answer comes from the matrix (personas.ts) and the
// action → base rule table below (octavia-rbac-quota.md §2.2), never from the implementation.
// Write calls target a load balancer held in PENDING_UPDATE, so an allowed write answers 409 after the policy check
// and changes nothing; admin-only catalogue writes name ids that do not exist (404/400 after the policy check).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { nowTimestamp } from '../../src/common/time.js';
import { startApi, type ApiResponse, type TestApi } from '../support/api-harness.js';
import { LB, VIP_SUBNET } from '../support/fixtures.js';
import { ADMIN, allowed, type BaseRule, type Persona, PERSONAS, PROJECT_A, PROJECT_B } from './personas.js';

const NIL = '00000000-0000-0000-0000-000000000000';
const FORBIDDEN = 'Policy does not allow this request to be performed.';

interface Ids {
  lb: string;
  listener: string;
  pool: string;
  member: string;
  hm: string;
  l7policy: string;
  l7rule: string;
  flavor: string;
  amphora: string;
}

type Target = 'A' | 'self';
interface Case {
  readonly action: string;
  readonly rule: BaseRule;
  readonly target: Target;
  readonly request: (ids: Ids) => [method: string, path: string, body?: unknown];
  /** list calls: what the persona must see (default: status only) */
  readonly list?: { key: string; globalRule: BaseRule };
}

const graph = (project: string) => ({
  loadbalancer: {
    project_id: project,
    vip_subnet_id: VIP_SUBNET,
    listeners: [
      {
        protocol: 'HTTP',
        protocol_port: 80,
        default_pool: {
          name: 'pool1',
          protocol: 'HTTP',
          lb_algorithm: 'ROUND_ROBIN',
          members: [{ address: '127.0.0.1', protocol_port: 8080 }],
          healthmonitor: { type: 'HTTP', delay: 5, timeout: 3, max_retries: 3 },
        },
        l7policies: [{ action: 'REJECT', rules: [{ type: 'PATH', compare_type: 'STARTS_WITH', value: '/x' }] }],
      },
    ],
  },
});

const CASES: Case[] = [
  { action: 'loadbalancer:get_all', rule: 'read', target: 'A', request: () => ['GET', `${LB}?project_id=${PROJECT_A}`] },
  {
    action: 'loadbalancer:get_all-global',
    rule: 'read-global',
    target: 'A',
    request: () => ['GET', LB],
    list: { key: 'loadbalancers', globalRule: 'read-global' },
  },
  { action: 'loadbalancer:get_one', rule: 'read', target: 'A', request: (i) => ['GET', `${LB}/${i.lb}`] },
  {
    action: 'loadbalancer:post',
    rule: 'write',
    target: 'A',
    request: () => ['POST', LB, { loadbalancer: { project_id: PROJECT_A, vip_subnet_id: VIP_SUBNET } }],
  },
  { action: 'loadbalancer:put', rule: 'write', target: 'A', request: (i) => ['PUT', `${LB}/${i.lb}`, { loadbalancer: { name: 'x' } }] },
  { action: 'loadbalancer:delete', rule: 'write', target: 'A', request: (i) => ['DELETE', `${LB}/${i.lb}?cascade=true`] },
  { action: 'loadbalancer:get_stats', rule: 'read', target: 'A', request: (i) => ['GET', `${LB}/${i.lb}/stats`] },
  { action: 'loadbalancer:get_status', rule: 'read', target: 'A', request: (i) => ['GET', `${LB}/${i.lb}/status`] },
  { action: 'loadbalancer:put_failover', rule: 'admin', target: 'A', request: (i) => ['PUT', `${LB}/${i.lb}/failover`] },

  { action: 'listener:get_all', rule: 'read', target: 'A', request: () => ['GET', `/v2/lbaas/listeners?project_id=${PROJECT_A}`] },
  {
    action: 'listener:get_all-global',
    rule: 'read-global',
    target: 'A',
    request: () => ['GET', '/v2/lbaas/listeners'],
    list: { key: 'listeners', globalRule: 'read-global' },
  },
  { action: 'listener:get_one', rule: 'read', target: 'A', request: (i) => ['GET', `/v2/lbaas/listeners/${i.listener}`] },
  {
    action: 'listener:post',
    rule: 'write',
    target: 'A',
    request: (i) => ['POST', '/v2/lbaas/listeners', { listener: { loadbalancer_id: i.lb, protocol: 'HTTP', protocol_port: 81 } }],
  },
  {
    action: 'listener:put',
    rule: 'write',
    target: 'A',
    request: (i) => ['PUT', `/v2/lbaas/listeners/${i.listener}`, { listener: { name: 'x' } }],
  },
  { action: 'listener:delete', rule: 'write', target: 'A', request: (i) => ['DELETE', `/v2/lbaas/listeners/${i.listener}`] },
  { action: 'listener:get_stats', rule: 'read', target: 'A', request: (i) => ['GET', `/v2/lbaas/listeners/${i.listener}/stats`] },

  { action: 'pool:get_all', rule: 'read', target: 'A', request: () => ['GET', `/v2/lbaas/pools?project_id=${PROJECT_A}`] },
  {
    action: 'pool:get_all-global',
    rule: 'read-global',
    target: 'A',
    request: () => ['GET', '/v2/lbaas/pools'],
    list: { key: 'pools', globalRule: 'read-global' },
  },
  { action: 'pool:get_one', rule: 'read', target: 'A', request: (i) => ['GET', `/v2/lbaas/pools/${i.pool}`] },
  {
    action: 'pool:post',
    rule: 'write',
    target: 'A',
    request: (i) => ['POST', '/v2/lbaas/pools', { pool: { loadbalancer_id: i.lb, protocol: 'HTTP', lb_algorithm: 'ROUND_ROBIN' } }],
  },
  { action: 'pool:put', rule: 'write', target: 'A', request: (i) => ['PUT', `/v2/lbaas/pools/${i.pool}`, { pool: { name: 'x' } }] },
  { action: 'pool:delete', rule: 'write', target: 'A', request: (i) => ['DELETE', `/v2/lbaas/pools/${i.pool}`] },

  { action: 'member:get_all', rule: 'read', target: 'A', request: (i) => ['GET', `/v2/lbaas/pools/${i.pool}/members`] },
  { action: 'member:get_one', rule: 'read', target: 'A', request: (i) => ['GET', `/v2/lbaas/pools/${i.pool}/members/${i.member}`] },
  {
    action: 'member:post',
    rule: 'write',
    target: 'A',
    request: (i) => ['POST', `/v2/lbaas/pools/${i.pool}/members`, { member: { address: '127.0.0.2', protocol_port: 80 } }],
  },
  {
    action: 'member:put',
    rule: 'write',
    target: 'A',
    request: (i) => ['PUT', `/v2/lbaas/pools/${i.pool}/members/${i.member}`, { member: { name: 'x' } }],
  },
  { action: 'member:delete', rule: 'write', target: 'A', request: (i) => ['DELETE', `/v2/lbaas/pools/${i.pool}/members/${i.member}`] },
  {
    action: 'member:post+put+delete (batch)',
    rule: 'write',
    target: 'A',
    request: (i) => ['PUT', `/v2/lbaas/pools/${i.pool}/members`, { members: [] }],
  },

  {
    action: 'healthmonitor:get_all',
    rule: 'read',
    target: 'A',
    request: () => ['GET', `/v2/lbaas/healthmonitors?project_id=${PROJECT_A}`],
  },
  {
    action: 'healthmonitor:get_all-global',
    rule: 'read-global',
    target: 'A',
    request: () => ['GET', '/v2/lbaas/healthmonitors'],
    list: { key: 'healthmonitors', globalRule: 'read-global' },
  },
  { action: 'healthmonitor:get_one', rule: 'read', target: 'A', request: (i) => ['GET', `/v2/lbaas/healthmonitors/${i.hm}`] },
  {
    action: 'healthmonitor:post',
    rule: 'write',
    target: 'A',
    request: (i) => [
      'POST',
      '/v2/lbaas/healthmonitors',
      { healthmonitor: { pool_id: i.pool, type: 'TCP', delay: 5, timeout: 3, max_retries: 3 } },
    ],
  },
  {
    action: 'healthmonitor:put',
    rule: 'write',
    target: 'A',
    request: (i) => ['PUT', `/v2/lbaas/healthmonitors/${i.hm}`, { healthmonitor: { name: 'x' } }],
  },
  { action: 'healthmonitor:delete', rule: 'write', target: 'A', request: (i) => ['DELETE', `/v2/lbaas/healthmonitors/${i.hm}`] },

  { action: 'l7policy:get_all', rule: 'read', target: 'A', request: () => ['GET', `/v2/lbaas/l7policies?project_id=${PROJECT_A}`] },
  {
    action: 'l7policy:get_all-global',
    rule: 'read-global',
    target: 'A',
    request: () => ['GET', '/v2/lbaas/l7policies'],
    list: { key: 'l7policies', globalRule: 'read-global' },
  },
  { action: 'l7policy:get_one', rule: 'read', target: 'A', request: (i) => ['GET', `/v2/lbaas/l7policies/${i.l7policy}`] },
  {
    action: 'l7policy:post',
    rule: 'write',
    target: 'A',
    request: (i) => ['POST', '/v2/lbaas/l7policies', { l7policy: { listener_id: i.listener, action: 'REJECT' } }],
  },
  {
    action: 'l7policy:put',
    rule: 'write',
    target: 'A',
    request: (i) => ['PUT', `/v2/lbaas/l7policies/${i.l7policy}`, { l7policy: { name: 'x' } }],
  },
  { action: 'l7policy:delete', rule: 'write', target: 'A', request: (i) => ['DELETE', `/v2/lbaas/l7policies/${i.l7policy}`] },

  { action: 'l7rule:get_all', rule: 'read', target: 'A', request: (i) => ['GET', `/v2/lbaas/l7policies/${i.l7policy}/rules`] },
  { action: 'l7rule:get_one', rule: 'read', target: 'A', request: (i) => ['GET', `/v2/lbaas/l7policies/${i.l7policy}/rules/${i.l7rule}`] },
  {
    action: 'l7rule:post',
    rule: 'write',
    target: 'A',
    request: (i) => ['POST', `/v2/lbaas/l7policies/${i.l7policy}/rules`, { rule: { type: 'PATH', compare_type: 'EQUAL_TO', value: '/y' } }],
  },
  {
    action: 'l7rule:put',
    rule: 'write',
    target: 'A',
    request: (i) => ['PUT', `/v2/lbaas/l7policies/${i.l7policy}/rules/${i.l7rule}`, { rule: { value: '/z' } }],
  },
  {
    action: 'l7rule:delete',
    rule: 'write',
    target: 'A',
    request: (i) => ['DELETE', `/v2/lbaas/l7policies/${i.l7policy}/rules/${i.l7rule}`],
  },

  { action: 'quota:get_all', rule: 'read-quota', target: 'A', request: () => ['GET', `/v2/lbaas/quotas?project_id=${PROJECT_A}`] },
  {
    action: 'quota:get_all-global',
    rule: 'read-quota-global',
    target: 'A',
    request: () => ['GET', '/v2/lbaas/quotas'],
    list: { key: 'quotas', globalRule: 'read-quota-global' },
  },
  { action: 'quota:get_one', rule: 'read-quota', target: 'A', request: () => ['GET', `/v2/lbaas/quotas/${PROJECT_A}`] },
  { action: 'quota:get_defaults', rule: 'read-quota', target: 'A', request: () => ['GET', `/v2/lbaas/quotas/${PROJECT_A}/default`] },
  {
    action: 'quota:put',
    rule: 'write-quota',
    target: 'A',
    request: () => ['PUT', `/v2/lbaas/quotas/${PROJECT_A}`, { quota: { pool: -1 } }],
  },
  { action: 'quota:delete', rule: 'write-quota', target: 'A', request: () => ['DELETE', `/v2/lbaas/quotas/${PROJECT_A}`] },

  { action: 'amphora:get_all', rule: 'admin', target: 'self', request: () => ['GET', '/v2/octavia/amphorae'] },
  { action: 'amphora:get_one', rule: 'admin', target: 'self', request: (i) => ['GET', `/v2/octavia/amphorae/${i.amphora}`] },
  { action: 'amphora:delete', rule: 'admin', target: 'self', request: () => ['DELETE', `/v2/octavia/amphorae/${randomUUID()}`] },
  { action: 'amphora:put_failover', rule: 'admin', target: 'A', request: (i) => ['PUT', `/v2/octavia/amphorae/${i.amphora}/failover`] },
  { action: 'amphora:put_config', rule: 'admin', target: 'A', request: (i) => ['PUT', `/v2/octavia/amphorae/${i.amphora}/config`] },
  { action: 'amphora:get_stats', rule: 'admin', target: 'self', request: (i) => ['GET', `/v2/octavia/amphorae/${i.amphora}/stats`] },

  { action: 'provider:get_all', rule: 'read', target: 'self', request: () => ['GET', '/v2/lbaas/providers'] },
  {
    action: 'provider-flavor:get_all',
    rule: 'admin',
    target: 'self',
    request: () => ['GET', '/v2/lbaas/providers/amphora/flavor_capabilities'],
  },
  {
    action: 'provider-availability-zone:get_all',
    rule: 'admin',
    target: 'self',
    request: () => ['GET', '/v2/lbaas/providers/amphora/availability_zone_capabilities'],
  },

  { action: 'flavor:get_all', rule: 'read', target: 'self', request: () => ['GET', '/v2/lbaas/flavors'] },
  { action: 'flavor:get_one', rule: 'read', target: 'self', request: (i) => ['GET', `/v2/lbaas/flavors/${i.flavor}`] },
  {
    action: 'flavor:post',
    rule: 'admin',
    target: 'self',
    request: () => ['POST', '/v2/lbaas/flavors', { flavor: { name: 'f-x', flavor_profile_id: randomUUID() } }],
  },
  { action: 'flavor:put', rule: 'admin', target: 'self', request: () => ['PUT', `/v2/lbaas/flavors/${NIL}`, { flavor: { name: 'y' } }] },
  { action: 'flavor:delete', rule: 'admin', target: 'self', request: () => ['DELETE', `/v2/lbaas/flavors/${NIL}`] },

  { action: 'flavor-profile:get_all', rule: 'admin', target: 'self', request: () => ['GET', '/v2/lbaas/flavorprofiles'] },
  { action: 'flavor-profile:get_one', rule: 'admin', target: 'self', request: () => ['GET', `/v2/lbaas/flavorprofiles/${NIL}`] },
  {
    action: 'flavor-profile:post',
    rule: 'admin',
    target: 'self',
    request: () => ['POST', '/v2/lbaas/flavorprofiles', { flavorprofile: { name: 'fp', provider_name: 'amphora', flavor_data: '{bad' } }],
  },
  {
    action: 'flavor-profile:put',
    rule: 'admin',
    target: 'self',
    request: () => ['PUT', `/v2/lbaas/flavorprofiles/${NIL}`, { flavorprofile: { name: 'y' } }],
  },
  { action: 'flavor-profile:delete', rule: 'admin', target: 'self', request: () => ['DELETE', `/v2/lbaas/flavorprofiles/${NIL}`] },

  { action: 'availability-zone:get_all', rule: 'read', target: 'self', request: () => ['GET', '/v2/lbaas/availabilityzones'] },
  { action: 'availability-zone:get_one', rule: 'read', target: 'self', request: () => ['GET', '/v2/lbaas/availabilityzones/nowhere'] },
  {
    action: 'availability-zone:post',
    rule: 'admin',
    target: 'self',
    request: () => [
      'POST',
      '/v2/lbaas/availabilityzones',
      { availability_zone: { name: 'z', availability_zone_profile_id: randomUUID() } },
    ],
  },
  {
    action: 'availability-zone:put',
    rule: 'admin',
    target: 'self',
    request: () => ['PUT', '/v2/lbaas/availabilityzones/nowhere', { availability_zone: { description: 'y' } }],
  },
  { action: 'availability-zone:delete', rule: 'admin', target: 'self', request: () => ['DELETE', '/v2/lbaas/availabilityzones/nowhere'] },

  {
    action: 'availability-zone-profile:get_all',
    rule: 'admin',
    target: 'self',
    request: () => ['GET', '/v2/lbaas/availabilityzoneprofiles'],
  },
  {
    action: 'availability-zone-profile:get_one',
    rule: 'admin',
    target: 'self',
    request: () => ['GET', `/v2/lbaas/availabilityzoneprofiles/${NIL}`],
  },
  {
    action: 'availability-zone-profile:post',
    rule: 'admin',
    target: 'self',
    request: () => [
      'POST',
      '/v2/lbaas/availabilityzoneprofiles',
      { availability_zone_profile: { name: 'p', provider_name: 'amphora', availability_zone_data: '{bad' } },
    ],
  },
  {
    action: 'availability-zone-profile:put',
    rule: 'admin',
    target: 'self',
    request: () => ['PUT', `/v2/lbaas/availabilityzoneprofiles/${NIL}`, { availability_zone_profile: { name: 'y' } }],
  },
  {
    action: 'availability-zone-profile:delete',
    rule: 'admin',
    target: 'self',
    request: () => ['DELETE', `/v2/lbaas/availabilityzoneprofiles/${NIL}`],
  },
];

async function buildGraph(api: TestApi, project: string): Promise<Omit<Ids, 'flavor' | 'amphora'>> {
  const res = await api.post(LB, graph(project), ADMIN.headers);
  assert.equal(res.status, 201, res.text);
  const lb = res.body.loadbalancer;
  await api.waitFor(`${LB}/${lb.id}`, (b) => b.loadbalancer.provisioning_status === 'ACTIVE', 15_000, ADMIN.headers);
  const pool = (await api.get(`/v2/lbaas/pools/${lb.pools[0].id}`, ADMIN.headers)).body.pool;
  const listener = (await api.get(`/v2/lbaas/listeners/${lb.listeners[0].id}`, ADMIN.headers)).body.listener;
  const policy = (await api.get(`/v2/lbaas/l7policies/${listener.l7policies[0].id}`, ADMIN.headers)).body.l7policy;
  return {
    lb: lb.id,
    listener: listener.id,
    pool: pool.id,
    member: pool.members[0].id,
    hm: pool.healthmonitor_id,
    l7policy: policy.id,
    l7rule: policy.rules[0].id,
  };
}

describe('policy matrix: every API action × every role (auth_strategy = testing)', () => {
  let api: TestApi;
  let ids: Ids;

  before(async () => {
    api = await startApi('sqlite', { api_settings: { auth_strategy: 'testing', default_provider_driver: 'noop_driver' } });
    const a = await buildGraph(api, PROJECT_A);
    await buildGraph(api, PROJECT_B);
    for (const project of [PROJECT_A, PROJECT_B]) {
      assert.equal((await api.put(`/v2/lbaas/quotas/${project}`, { quota: { load_balancer: -1 } }, ADMIN.headers)).status, 202);
    }
    const fp = await api.post(
      '/v2/lbaas/flavorprofiles',
      { flavorprofile: { name: 'fp', provider_name: 'noop_driver', flavor_data: '{}' } },
      ADMIN.headers,
    );
    assert.equal(fp.status, 201, fp.text);
    const flavor = await api.post(
      '/v2/lbaas/flavors',
      { flavor: { name: 'gold', flavor_profile_id: fp.body.flavorprofile.id } },
      ADMIN.headers,
    );
    assert.equal(flavor.status, 201, flavor.text);
    const amphora = randomUUID();
    const db = api.runtime.database.db;
    await db
      .insertInto('amphora')
      .values({
        id: amphora,
        load_balancer_id: a.lb,
        compute_id: null,
        lb_network_ip: '127.79.0.9',
        vrrp_ip: null,
        ha_ip: null,
        vrrp_port_id: null,
        ha_port_id: null,
        cert_expiration: null,
        cert_busy: 0,
        role: 'STANDALONE',
        status: 'ALLOCATED',
        vrrp_interface: null,
        vrrp_id: null,
        vrrp_priority: null,
        cached_zone: null,
        image_id: null,
        compute_flavor: null,
        created_at: nowTimestamp(),
        updated_at: null,
      })
      .execute();
    // every write below then stops at the load balancer lock (409) once the policy let it through
    await db.updateTable('load_balancer').set({ provisioning_status: 'PENDING_UPDATE' }).where('id', '=', a.lb).execute();
    ids = { ...a, flavor: flavor.body.flavor.id, amphora };
  });
  after(async () => api?.close());

  it('covers every registered default action', async () => {
    const { ACTION_RULES } = await import('../../src/api/auth/default-policies.js');
    const registered = Object.entries(ACTION_RULES).flatMap(([o, verbs]) => Object.keys(verbs).map((v) => `${o}:${v}`));
    const covered = new Set(CASES.map((c) => c.action.split(' ')[0]!.replace('post+put+delete', 'post')));
    for (const c of CASES)
      if (c.action.startsWith('member:post+put+delete')) for (const a of ['member:put', 'member:delete']) covered.add(a);
    assert.deepEqual(
      registered.filter((a) => !covered.has(a)),
      [],
    );
  });

  for (const c of CASES) {
    it(c.action, async () => {
      const failures: string[] = [];
      for (const p of PERSONAS) {
        const [method, path, body] = c.request(ids);
        const res = await api.request(method, path, body, p.headers);
        const problem = judge(c, p, res);
        if (problem) failures.push(`${p.name}: ${problem}`);
      }
      assert.deepEqual(failures, []);
    });
  }
});

function judge(c: Case, p: Persona, res: ApiResponse): string | null {
  const targetProject = c.target === 'A' ? PROJECT_A : p.project;
  if (c.list) {
    // no project_id: a global reader sees both projects; anyone else only their own project, or 403
    if (allowed(p, c.list.globalRule, null)) {
      const projects = new Set((res.body?.[c.list.key] ?? []).map((o: any) => o.project_id));
      return res.status === 200 && projects.has(PROJECT_A) && projects.has(PROJECT_B)
        ? null
        : `expected both projects, got ${res.status} ${res.text.slice(0, 200)}`;
    }
    const ownRule: BaseRule = c.list.globalRule === 'read-quota-global' ? 'read-quota' : 'read';
    if (allowed(p, ownRule, p.project)) {
      const items = res.body?.[c.list.key] ?? [];
      return res.status === 200 && items.every((o: any) => o.project_id === p.project)
        ? null
        : `expected own project only, got ${res.status} ${res.text.slice(0, 200)}`;
    }
    return res.status === 403 && res.body?.faultstring === FORBIDDEN ? null : `expected 403, got ${res.status} ${res.text.slice(0, 200)}`;
  }
  // get_all with project_id: either a global reader, or allowed for that project
  const ok =
    allowed(p, c.rule, targetProject) ||
    (c.action.endsWith(':get_all') && c.target === 'A' && allowed(p, c.rule === 'read-quota' ? 'read-quota-global' : 'read-global', null));
  if (ok) return res.status !== 403 && res.status < 500 ? null : `expected allowed, got ${res.status} ${res.text.slice(0, 200)}`;
  return res.status === 403 && res.body?.faultstring === FORBIDDEN ? null : `expected 403, got ${res.status} ${res.text.slice(0, 200)}`;
}

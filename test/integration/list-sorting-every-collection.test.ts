// Sorting on every v2 collection by every key Octavia accepts there: its API names (admin_state_up, vip_address,
// max_retries, ...) and its model's own names (enabled, rise_threshold, tls_certificate_id, ...). Each key ascending
// and descending, as sort=key:dir and as sort_key=key&sort_dir=dir, with NULLs, ties (broken by the default keys) and
// pagination: walking the next links one row at a time, following markers under sort_key/sort_dir, and page_reverse,
// always the same order as the whole list, on every database.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { before, it } from 'node:test';
import { type AmphoraChanges, ensureAmphora, updateAmphora } from '../../src/db/repositories/amphorae.js';
import type { ListedCollection } from '../support/collections.js';
import { listedCollections } from '../support/collections.js';
import {
  createHealthMonitor,
  createLb,
  createListener,
  createMember,
  createPool,
  LB,
  VIP_SUBNET,
  waitActive,
} from '../support/fixtures.js';
import { createPolicy, createRule } from '../support/l7-fixtures.js';
import { describeEachDatabase } from '../support/matrix.js';

type Accessor = (item: any) => unknown;
type Dir = 'asc' | 'desc';

interface Sortable {
  readonly collection: ListedCollection;
  /** every sort key Octavia accepts, with how to read its value off a listed item */
  readonly keys: ReadonlyMap<string, Accessor>;
  /** the keys appended to every sort */
  readonly defaults: readonly string[];
}

/** Keys read as the same-named attribute, plus keys read some other way (model names, nested attributes). */
function keysOf(names: readonly string[], others: Record<string, string | Accessor> = {}): Map<string, Accessor> {
  const out = new Map<string, Accessor>(names.map((n) => [n, (x: any) => x[n]]));
  for (const [key, how] of Object.entries(others)) out.set(key, typeof how === 'string' ? (x: any) => x[how] : how);
  return out;
}

const TIMESTAMPED = ['created_at', 'id'];
const COMMON = ['id', 'project_id', 'created_at', 'updated_at', 'provisioning_status', 'operating_status', 'admin_state_up'];
const firstRef = (attr: string) => (x: any) => x[attr]?.[0]?.id ?? null;

/**
 * Octavia's order: each key compared with NULL read as '' or 0 (its marker defaults), then the next key. Strings
 * compare by code unit, which is how the databases' binary collations order these ASCII values.
 */
function expectedOrder(s: Sortable, items: any[], sort: [string, Dir][]): string[] {
  const keys = [...sort];
  for (const key of s.defaults) if (!keys.some(([k]) => k === key)) keys.push([key, 'asc']);
  const columns = keys.map(([key, dir]) => {
    const read = s.keys.get(key) as Accessor;
    const values = items.map(read);
    const numeric = values.some((v) => typeof v === 'number' || typeof v === 'boolean');
    const value = (item: any): string | number => {
      const v = read(item);
      if (v === null || v === undefined) return numeric ? 0 : '';
      return typeof v === 'boolean' ? Number(v) : (v as string | number);
    };
    return { value, sign: dir === 'asc' ? 1 : -1 };
  });
  return [...items]
    .sort((x, y) => {
      for (const { value, sign } of columns) {
        const a = value(x);
        const b = value(y);
        if (a < b) return -sign;
        if (a > b) return sign;
      }
      return 0;
    })
    .map((item) => item[s.collection.idField]);
}

describeEachDatabase('sorting on every collection', (api) => {
  let sortables: Sortable[] = [];
  /** quota in-use counters, which the quota list does not show: project id → column → value */
  let inUse = new Map<string, Record<string, number | null>>();
  /** load balancer id → project, for the amphorae's project_id (their load balancer's) */
  const lbProject = new Map<string, string>();

  before(async () => {
    const post = async (path: string, wrapper: string, body: Record<string, unknown>) => {
      const res = await api().post(path, { [wrapper]: body });
      assert.equal(res.status, 201, res.text);
      return res.body[wrapper];
    };
    // flavors and availability zones first: load balancers use them
    const fps = [];
    for (const [name, provider, data] of [
      ['fp-b', 'noop_driver', '{}'],
      ['fp-a', 'amphora', '{"loadbalancer_topology": "SINGLE"}'],
      ['fp-c', 'noop_driver', '{"x": 1}'],
      ['fp-a', 'amphora', '{}'],
    ])
      fps.push(await post('/v2/lbaas/flavorprofiles', 'flavorprofile', { name, provider_name: provider, flavor_data: data }));
    const flavors = [];
    for (const [name, description, enabled, fp] of [
      ['fl-b', 'z', true, fps[0]],
      ['fl-a', null, false, fps[1]],
      ['fl-c', 'a', true, fps[2]],
      ['fl-d', 'a', false, fps[0]],
    ] as const)
      flavors.push(await post('/v2/lbaas/flavors', 'flavor', { name, description, enabled, flavor_profile_id: fp.id }));
    const azps = [];
    for (const [name, provider, data] of [
      ['azp-b', 'noop_driver', '{}'],
      ['azp-a', 'amphora', '{"compute_zone": "nova"}'],
      ['azp-c', 'noop_driver', '{"x": 2}'],
      ['azp-a', 'noop_driver', '{}'],
    ]) {
      azps.push(
        await post('/v2/lbaas/availabilityzoneprofiles', 'availability_zone_profile', {
          name,
          provider_name: provider,
          availability_zone_data: data,
        }),
      );
    }
    for (const [name, description, enabled, azp] of [
      ['az-b', 'x', true, azps[0]],
      ['az-d', null, false, azps[1]],
      ['az-a', 'x', true, azps[2]],
      ['az-c', 'b', true, azps[0]],
    ] as const)
      await post('/v2/lbaas/availabilityzones', 'availability_zone', { name, description, enabled, availability_zone_profile_id: azp.id });

    const lbs = [
      await createLb(api(), { name: 'lb-b', description: 'x', project_id: 'p2', flavor_id: flavors[0].id }),
      await createLb(api(), { name: 'lb-a', admin_state_up: false, project_id: 'p1' }),
      await createLb(api(), { name: 'lb-c', description: 'y', project_id: 'p1', availability_zone: 'az-b' }),
      await createLb(api(), { name: 'lb-a', project_id: 'p3' }),
    ];
    for (const lb of lbs) lbProject.set(lb.id, lb.project_id);
    const [lb0, lb1] = lbs as [any, any];
    const listeners = [
      await createListener(api(), lb0.id, { name: 'ls-b', protocol_port: 80, connection_limit: 100, timeout_client_data: 1000 }),
      await createListener(api(), lb0.id, { name: 'ls-a', protocol: 'TCP', protocol_port: 81, admin_state_up: false }),
      await createListener(api(), lb1.id, { name: 'ls-c', protocol_port: 8080, description: 'd', timeout_member_data: 7 }),
      await createListener(api(), lb1.id, { name: 'ls-a', protocol: 'UDP', protocol_port: 53, timeout_member_connect: 2000 }),
    ];
    const pools = [
      await createPool(api(), lb0.id, { name: 'po-b', listener_id: listeners[0].id }),
      await createPool(api(), lb0.id, { name: 'po-a', protocol: 'TCP', lb_algorithm: 'LEAST_CONNECTIONS', admin_state_up: false }),
      await createPool(api(), lb1.id, { name: 'po-c', lb_algorithm: 'SOURCE_IP', description: 'q' }),
      await createPool(api(), lb1.id, { name: 'po-a', protocol: 'TCP' }),
    ];
    const [p0, p1, p2, p3] = pools as [any, any, any, any];
    await createHealthMonitor(api(), lb0.id, p0.id, { name: 'hm-b', url_path: '/b', expected_codes: '200', http_method: 'GET' });
    await createHealthMonitor(api(), lb0.id, p1.id, {
      name: 'hm-a',
      type: 'TCP',
      delay: 10,
      timeout: 5,
      max_retries: 2,
      max_retries_down: 5,
    });
    await createHealthMonitor(api(), lb1.id, p2.id, {
      name: 'hm-c',
      delay: 5,
      timeout: 4,
      max_retries: 5,
      http_method: 'HEAD',
      url_path: '/a',
      expected_codes: '200-204',
      http_version: 1.1,
      domain_name: 'a.example',
      admin_state_up: false,
    });
    await createHealthMonitor(api(), lb1.id, p3.id, { name: 'hm-a', type: 'PING', delay: 7, timeout: 2, max_retries: 1 });
    await createMember(api(), lb0.id, p0.id, { name: 'me-b', address: '127.0.0.3', protocol_port: 80, weight: 5, monitor_port: 9000 });
    await createMember(api(), lb0.id, p0.id, { name: 'me-a', address: '127.0.0.1', protocol_port: 8080, weight: 0, backup: true });
    await createMember(api(), lb0.id, p0.id, {
      name: 'me-c',
      address: '127.0.0.2',
      protocol_port: 80,
      admin_state_up: false,
      monitor_address: '127.0.0.9',
      monitor_port: 9001,
      subnet_id: VIP_SUBNET,
    });
    await createMember(api(), lb0.id, p0.id, { name: 'me-a', address: '127.0.0.1', protocol_port: 81 });
    const stack = { lb: lb0, listener: listeners[0], pool: p0 };
    const policy = await createPolicy(api(), stack, { name: 'pl-b' });
    await createPolicy(api(), stack, {
      name: 'pl-a',
      action: 'REDIRECT_TO_URL',
      redirect_url: 'http://b.example',
      redirect_http_code: 301,
    });
    await createPolicy(api(), stack, { name: 'pl-c', action: 'REDIRECT_TO_POOL', redirect_pool_id: p0.id, position: 1 });
    await createPolicy(api(), stack, {
      name: 'pl-a',
      action: 'REDIRECT_PREFIX',
      redirect_prefix: 'http://a.example',
      admin_state_up: false,
    });
    await createRule(api(), stack, policy.id, { value: '/b' });
    await createRule(api(), stack, policy.id, { type: 'HOST_NAME', compare_type: 'EQUAL_TO', value: 'a.example', invert: true });
    await createRule(api(), stack, policy.id, { type: 'HEADER', compare_type: 'EQUAL_TO', key: 'X-B', value: 'v' });
    await createRule(api(), stack, policy.id, { type: 'COOKIE', compare_type: 'REGEX', key: 'a', value: 'c.*', admin_state_up: false });
    // some updates, so updated_at is set on some rows only
    for (const [path, body] of [
      [`${LB}/${lb1.id}`, { loadbalancer: { name: 'lb-a' } }],
      [`/v2/lbaas/listeners/${listeners[1].id}`, { listener: { name: 'ls-a' } }],
      [`/v2/lbaas/pools/${p2.id}`, { pool: { name: 'po-c' } }],
    ] as const) {
      assert.equal((await api().put(path, body)).status, 200);
      await waitActive(api(), lb0.id);
      await waitActive(api(), lb1.id);
    }
    // amphorae: the noop provider makes none, so rows as the worker would write them
    const db = api().runtime.services.db;
    const amphorae: [string | null, AmphoraChanges, AmphoraChanges | null][] = [
      [
        lb0.id,
        { role: 'MASTER', status: 'ALLOCATED', compute_id: 'c-2', lb_network_ip: '127.79.0.2' },
        {
          vrrp_ip: '127.80.0.5',
          vrrp_id: 1,
          vrrp_priority: 100,
          cert_expiration: '2030-01-01T00:00:00.000000',
          cached_zone: 'nova',
          image_id: randomUUID(),
        },
      ],
      [
        lb0.id,
        { role: 'BACKUP', status: 'ALLOCATED', compute_id: 'c-1', lb_network_ip: '127.79.0.1' },
        { vrrp_priority: 90, cert_busy: true },
      ],
      // never updated: updated_at stays NULL
      [lb1.id, { role: 'STANDALONE', status: 'READY', compute_id: 'c-3' }, null],
      [
        null,
        { status: 'BOOTING' },
        { compute_flavor: 'small', vrrp_interface: 'eth1', ha_ip: '127.80.0.9', ha_port_id: randomUUID(), vrrp_port_id: randomUUID() },
      ],
    ];
    for (const [lbId, created, updated] of amphorae) {
      const id = randomUUID();
      await ensureAmphora(db, id, { ...created, load_balancer_id: lbId });
      if (updated) await updateAmphora(db, id, updated);
    }
    for (const [project, quota] of [
      ['qp-b', { load_balancer: 5, listener: 3 }],
      ['qp-a', { pool: 1 }],
      ['qp-c', { member: 10, l7policy: 2, l7rule: 2, health_monitor: 4 }],
      ['qp-d', { load_balancer: 5 }],
    ] as const)
      assert.equal((await api().put(`/v2/lbaas/quotas/${project}`, { quota })).status, 202);
    const quotaRows = await db.selectFrom('quotas').selectAll().execute();
    inUse = new Map(quotaRows.map((r) => [r.project_id, r as unknown as Record<string, number | null>]));

    const collections = new Map(listedCollections({ pool: p0, policy }).map((c) => [c.key, c]));
    const of = (key: string) => collections.get(key) as ListedCollection;
    const enabled = { enabled: 'admin_state_up' };
    sortables = [
      {
        collection: of('loadbalancers'),
        defaults: TIMESTAMPED,
        keys: keysOf(
          [
            ...COMMON,
            'name',
            'description',
            'provider',
            'flavor_id',
            'availability_zone',
            'vip_address',
            'vip_subnet_id',
            'vip_port_id',
            'vip_network_id',
            'vip_qos_policy_id',
          ],
          // not shown by Octavia either; the same for every load balancer here
          { ...enabled, topology: () => 'same', server_group_id: () => null },
        ),
      },
      {
        collection: of('listeners'),
        defaults: TIMESTAMPED,
        keys: keysOf(
          [
            ...COMMON,
            'name',
            'description',
            'protocol',
            'protocol_port',
            'connection_limit',
            'default_pool_id',
            'timeout_client_data',
            'timeout_member_connect',
            'timeout_member_data',
            'timeout_tcp_inspect',
            'client_authentication',
            'tls_ciphers',
            'default_tls_container_ref',
            'client_ca_tls_container_ref',
            'client_crl_container_ref',
          ],
          {
            ...enabled,
            load_balancer_id: firstRef('loadbalancers'),
            loadbalancer_id: firstRef('loadbalancers'),
            tls_certificate_id: 'default_tls_container_ref',
            client_ca_tls_certificate_id: 'client_ca_tls_container_ref',
            client_crl_container_id: 'client_crl_container_ref',
            peer_port: () => null,
          },
        ),
      },
      {
        collection: of('pools'),
        defaults: TIMESTAMPED,
        keys: keysOf(
          [
            ...COMMON,
            'name',
            'description',
            'protocol',
            'lb_algorithm',
            'tls_enabled',
            'tls_ciphers',
            'tls_container_ref',
            'ca_tls_container_ref',
            'crl_container_ref',
          ],
          {
            ...enabled,
            load_balancer_id: firstRef('loadbalancers'),
            loadbalancer_id: firstRef('loadbalancers'),
            tls_certificate_id: 'tls_container_ref',
            ca_tls_certificate_id: 'ca_tls_container_ref',
            crl_container_id: 'crl_container_ref',
          },
        ),
      },
      {
        collection: of('members'),
        defaults: TIMESTAMPED,
        keys: keysOf([...COMMON, 'name', 'subnet_id', 'address', 'protocol_port', 'weight', 'backup', 'monitor_address', 'monitor_port'], {
          ...enabled,
          ip_address: 'address',
          pool_id: () => p0.id,
        }),
      },
      {
        collection: of('healthmonitors'),
        defaults: TIMESTAMPED,
        keys: keysOf(
          [
            ...COMMON,
            'name',
            'type',
            'delay',
            'timeout',
            'max_retries',
            'max_retries_down',
            'http_method',
            'url_path',
            'expected_codes',
            'http_version',
            'domain_name',
          ],
          { ...enabled, rise_threshold: 'max_retries', fall_threshold: 'max_retries_down', pool_id: firstRef('pools') },
        ),
      },
      {
        collection: of('l7policies'),
        defaults: TIMESTAMPED,
        keys: keysOf(
          [
            ...COMMON,
            'name',
            'description',
            'listener_id',
            'action',
            'redirect_pool_id',
            'redirect_url',
            'redirect_prefix',
            'redirect_http_code',
            'position',
          ],
          enabled,
        ),
      },
      {
        collection: of('rules'),
        defaults: TIMESTAMPED,
        keys: keysOf([...COMMON, 'type', 'compare_type', 'key', 'value', 'invert'], { ...enabled, l7policy_id: () => policy.id }),
      },
      {
        collection: of('amphorae'),
        defaults: TIMESTAMPED,
        keys: keysOf(
          [
            'id',
            'created_at',
            'updated_at',
            'loadbalancer_id',
            'compute_id',
            'lb_network_ip',
            'vrrp_ip',
            'ha_ip',
            'vrrp_port_id',
            'ha_port_id',
            'cert_expiration',
            'cert_busy',
            'role',
            'status',
            'vrrp_interface',
            'vrrp_id',
            'vrrp_priority',
            'cached_zone',
            'image_id',
            'compute_flavor',
          ],
          { load_balancer_id: 'loadbalancer_id', project_id: (a) => lbProject.get(a.loadbalancer_id) ?? null },
        ),
      },
      { collection: of('flavors'), defaults: ['id'], keys: keysOf(['id', 'name', 'description', 'enabled', 'flavor_profile_id']) },
      { collection: of('flavorprofiles'), defaults: ['id'], keys: keysOf(['id', 'name', 'provider_name', 'flavor_data']) },
      {
        collection: of('availability_zones'),
        defaults: ['name'],
        keys: keysOf(['name', 'description', 'enabled', 'availability_zone_profile_id']),
      },
      {
        collection: of('availability_zone_profiles'),
        defaults: ['id'],
        keys: keysOf(['id', 'name', 'provider_name', 'availability_zone_data']),
      },
      {
        collection: of('quotas'),
        defaults: ['project_id'],
        keys: keysOf(
          [
            'project_id',
            'load_balancer',
            'loadbalancer',
            'listener',
            'pool',
            'health_monitor',
            'healthmonitor',
            'member',
            'l7policy',
            'l7rule',
          ],
          Object.fromEntries(
            ['load_balancer', 'listener', 'pool', 'health_monitor', 'member', 'l7policy', 'l7rule'].map((r) => [
              `in_use_${r}`,
              (q: any) => inUse.get(q.project_id)?.[`in_use_${r}`] ?? null,
            ]),
          ),
        ),
      },
    ];
  });

  const ids = async (c: ListedCollection, query: string): Promise<{ ids: string[]; links: any[] }> => {
    const res = await api().get(`${c.path}${c.path.includes('?') ? '&' : '?'}${query}`);
    assert.equal(res.status, 200, `${c.path}?${query}: ${res.text}`);
    return { ids: res.body[c.key].map((x: any) => x[c.idField]), links: res.body[c.linksKey] };
  };

  /** The whole list and every way of paging through it (or only the next links, unless `thorough`) agree with Octavia's order. */
  async function checkSort(s: Sortable, items: any[], sort: [string, Dir][], thorough = true): Promise<void> {
    const c = s.collection;
    const expected = expectedOrder(s, items, sort);
    const sortParam = sort.map(([k, d]) => `${k}:${d}`).join(',');
    const label = `${c.path} sort=${sortParam}`;
    assert.deepEqual((await ids(c, `sort=${sortParam}`)).ids, expected, label);
    const legacy = `sort_key=${sort.map(([k]) => k).join(',')}&sort_dir=${sort.map(([, d]) => d).join(',')}`;
    assert.deepEqual((await ids(c, legacy)).ids, expected, `${c.path} ${legacy}`);

    // one row a page, following the next links (they carry sort=)
    const walked: string[] = [];
    let page = await ids(c, `sort=${sortParam}&limit=1`);
    for (;;) {
      walked.push(...page.ids);
      const next = page.links.find((l) => l.rel === 'next');
      if (!next) break;
      assert.ok(walked.length <= expected.length, `${label}: the walk does not end`);
      page = await ids(c, new URL(next.href).search.slice(1));
    }
    assert.deepEqual(walked, expected, `${label}, walked one row a page`);
    if (!thorough) return;

    // sort_key/sort_dir pages of two by marker (Octavia's links drop sort_dir, so the marker is followed by hand)
    const paged: string[] = [];
    let marker: string | undefined;
    do {
      const part = await ids(c, `${legacy}&limit=2${marker ? `&marker=${encodeURIComponent(marker)}` : ''}`);
      paged.push(...part.ids);
      marker = part.ids.length === 2 ? part.ids[1] : undefined;
    } while (marker && paged.length <= expected.length);
    assert.deepEqual(paged, expected, `${c.path} ${legacy}, paged by two`);

    // page_reverse: the rows before the marker, in the same order
    for (const at of [1, expected.length - 1]) {
      const before = await ids(c, `sort=${sortParam}&marker=${encodeURIComponent(expected[at] as string)}&page_reverse=True`);
      assert.deepEqual(before.ids, expected.slice(0, at), `${label}, page_reverse before row ${at}`);
    }
  }

  const collectionNames = [
    'loadbalancers',
    'listeners',
    'pools',
    'members',
    'healthmonitors',
    'l7policies',
    'rules',
    'amphorae',
    'flavors',
    'flavorprofiles',
    'availability_zones',
    'availability_zone_profiles',
    'quotas',
  ];
  for (const name of collectionNames) {
    it(`${name}: every key, ascending and descending, whole and paged`, async () => {
      const s = sortables.find((x) => x.collection.key === name) as Sortable;
      const items = (await api().get(s.collection.path)).body[s.collection.key];
      assert.ok(items.length >= 4, `${name}: ${items.length} items`);
      for (const key of s.keys.keys()) {
        for (const dir of ['asc', 'desc'] as const) await checkSort(s, items, [[key, dir]]);
      }
      // two keys in opposite directions: each key's neighbour in the list
      const keys = [...s.keys.keys()];
      for (let i = 0; i + 1 < keys.length; i++) {
        await checkSort(
          s,
          items,
          [
            [keys[i] as string, 'desc'],
            [keys[i + 1] as string, 'asc'],
          ],
          false,
        );
      }
    });
  }

  it('availability zones sort by name descending (GET /v2/lbaas/availabilityzones?sort=name:desc)', async () => {
    const res = await api().get('/v2/lbaas/availabilityzones?sort=name:desc');
    assert.deepEqual(
      res.body.availability_zones.map((z: any) => z.name),
      ['az-d', 'az-c', 'az-b', 'az-a'],
    );
  });
});

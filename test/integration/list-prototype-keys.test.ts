// Names Object.prototype carries ("constructor", "__proto__", "toString", ...) are names like any other when a client
// sends them: as a sort key they are Octavia's 400 "Supplied sort key '<k>' is not valid.", as a filter its 400 for an
// unknown argument, in fields= they select nothing, as body attributes they are unknown attributes, as a provider
// name a provider nobody enabled. Never a 500, never an inherited value.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { describeEachDatabase } from '../support/matrix.js';
import { createOneOfEach, type ListedCollection, listedCollections, type OneOfEach } from '../support/collections.js';
import { assertFault, LB, VIP_SUBNET, waitActive } from '../support/fixtures.js';
import { POLICIES, rulesOf } from '../support/l7-fixtures.js';

const PROTO_KEYS = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', '__defineGetter__'];
const BAD_FILTER = 'One or more arguments are either duplicate or invalid';
const UNKNOWN = (key: string) => new RegExp(`^Unknown attribute for argument [\\w.]+: ${key}$`);

/** `base` plus an own, enumerable `key` (an object literal's "__proto__" would set the prototype instead). */
function withKey(base: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const out = { ...base };
  Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  return out;
}

describeEachDatabase('prototype-named keys', (api) => {
  let all: OneOfEach;
  let collections: ListedCollection[] = [];
  before(async () => {
    all = await createOneOfEach(api(), 'proto');
    collections = listedCollections(all);
  });

  it("as a sort key (sort= and sort_key=, either direction): 400 with Octavia's faultstring on every collection", async () => {
    for (const { path, idField } of collections) {
      for (const key of PROTO_KEYS) {
        const fault = `Supplied sort key '${key}' is not valid.`;
        for (const query of [
          `sort=${key}`,
          `sort=${key}:desc`,
          `sort=${idField}:asc,${key}`,
          `sort_key=${key}`,
          `sort_key=${key}&sort_dir=desc`,
        ]) {
          assertFault(await api().get(`${path}?${query}`), 400, fault);
        }
      }
    }
  });

  it('as a filter: the 400 for an unknown argument on every collection', async () => {
    for (const { path } of collections) {
      for (const key of PROTO_KEYS) {
        assertFault(await api().get(`${path}?${key}=x`), 400, BAD_FILTER);
        assertFault(await api().get(`${path}?${key}=1&${key}=2`), 400, BAD_FILTER);
      }
    }
  });

  it('in fields=: selects nothing (the quota list ignores fields=)', async () => {
    for (const { path, key, idField, ignoresFields } of collections) {
      const plain = await api().get(path);
      assert.equal(plain.status, 200, `${path}: ${plain.text}`);
      for (const name of PROTO_KEYS) {
        const res = await api().get(`${path}?fields=${name}&fields=${idField}`);
        assert.equal(res.status, 200, `${path}: ${res.text}`);
        const expected = ignoresFields ? plain.body[key] : plain.body[key].map((x: any) => ({ [idField]: x[idField] }));
        assert.deepEqual(res.body[key], expected, `${path} fields=${name}`);
        for (const item of res.body[key]) assert.ok(!Object.hasOwn(item, name), `${path} fields=${name}`);
      }
    }
    // a show call too
    const shown = await api().get(`${LB}/${all.lb.id}?fields=constructor&fields=toString&fields=id`);
    assert.deepEqual(shown.body, { loadbalancer: { id: all.lb.id } });
  });

  it('providers ignore sort and filters as Octavia does; fields= selects nothing', async () => {
    const plain = await api().get('/v2/lbaas/providers');
    assert.equal(plain.status, 200, plain.text);
    assert.ok(plain.body.providers.length > 0);
    for (const key of PROTO_KEYS) {
      for (const query of [`sort=${key}`, `sort_key=${key}`, `${key}=x`]) {
        const res = await api().get(`/v2/lbaas/providers?${query}`);
        assert.equal(res.status, 200, res.text);
        assert.deepEqual(res.body, plain.body, query);
      }
      const fields = await api().get(`/v2/lbaas/providers?fields=${key}`);
      assert.deepEqual(
        fields.body.providers,
        plain.body.providers.map(() => ({})),
        key,
      );
      const caps = await api().get(`/v2/lbaas/providers/noop_driver/flavor_capabilities?fields=${key}&${key}=x`);
      assert.equal(caps.status, 200, caps.text);
      for (const cap of caps.body.flavor_capabilities) assert.deepEqual(cap, {});
    }
  });

  it('as a provider name: a provider nobody enabled', async () => {
    for (const key of PROTO_KEYS) {
      assertFault(await api().get(`/v2/lbaas/providers/${key}/flavor_capabilities`), 400, `Provider '${key}' is not enabled.`);
      assertFault(await api().get(`/v2/lbaas/providers/${key}/availability_zone_capabilities`), 400, `Provider '${key}' is not enabled.`);
      assertFault(
        await api().post(LB, { loadbalancer: { vip_subnet_id: VIP_SUBNET, provider: key } }),
        400,
        `Provider '${key}' is not enabled.`,
      );
    }
  });

  it('as a body attribute: an unknown attribute on every create and update, and nothing changes', async () => {
    const creates: [string, string, Record<string, unknown>][] = [
      [LB, 'loadbalancer', { vip_subnet_id: VIP_SUBNET }],
      ['/v2/lbaas/listeners', 'listener', { loadbalancer_id: all.lb.id, protocol: 'HTTP', protocol_port: 8080 }],
      ['/v2/lbaas/pools', 'pool', { loadbalancer_id: all.lb.id, protocol: 'HTTP', lb_algorithm: 'ROUND_ROBIN' }],
      [`/v2/lbaas/pools/${all.pool.id}/members`, 'member', { address: '127.0.0.9', protocol_port: 80 }],
      ['/v2/lbaas/healthmonitors', 'healthmonitor', { pool_id: all.pool.id, type: 'TCP', delay: 5, timeout: 3, max_retries: 3 }],
      [POLICIES, 'l7policy', { listener_id: all.listener.id, action: 'REJECT' }],
      [rulesOf(all.policy.id), 'rule', { type: 'PATH', compare_type: 'EQUAL_TO', value: '/x' }],
      ['/v2/lbaas/flavorprofiles', 'flavorprofile', { name: 'x', provider_name: 'noop_driver', flavor_data: '{}' }],
      ['/v2/lbaas/flavors', 'flavor', { name: 'x', flavor_profile_id: all.flavorProfile.id }],
      ['/v2/lbaas/availabilityzones', 'availability_zone', { name: 'x', availability_zone_profile_id: all.zoneProfile.id }],
      [
        '/v2/lbaas/availabilityzoneprofiles',
        'availability_zone_profile',
        { name: 'x', provider_name: 'noop_driver', availability_zone_data: '{}' },
      ],
    ];
    const updates: [string, string, Record<string, unknown>][] = [
      [`${LB}/${all.lb.id}`, 'loadbalancer', { name: 'changed' }],
      [`/v2/lbaas/listeners/${all.listener.id}`, 'listener', { name: 'changed' }],
      [`/v2/lbaas/pools/${all.pool.id}`, 'pool', { name: 'changed' }],
      [`/v2/lbaas/pools/${all.pool.id}/members/${all.member.id}`, 'member', { name: 'changed' }],
      [`/v2/lbaas/healthmonitors/${all.hm.id}`, 'healthmonitor', { delay: 7 }],
      [`${POLICIES}/${all.policy.id}`, 'l7policy', { name: 'changed' }],
      [`${rulesOf(all.policy.id)}/${all.rule.id}`, 'rule', { value: '/changed' }],
      [`/v2/lbaas/quotas/${all.quotaProject}`, 'quota', { listener: 7 }],
      ['/v2/lbaas/availabilityzones/proto', 'availability_zone', { description: 'changed' }],
    ];
    for (const key of PROTO_KEYS) {
      for (const value of [1, 'x', { name: 'inherited', admin_state_up: false }, null]) {
        for (const [path, wrapper, body] of creates) {
          const res = await api().post(path, JSON.stringify({ [wrapper]: withKey(body, key, value) }));
          assertFault(res, 400, UNKNOWN(key));
        }
        for (const [path, wrapper, body] of updates) {
          assertFault(await api().put(path, JSON.stringify({ [wrapper]: withKey(body, key, value) })), 400, UNKNOWN(key));
        }
        // beside the wrapper, and nested in a graph create
        assertFault(
          await api().post(LB, JSON.stringify(withKey({ loadbalancer: { vip_subnet_id: VIP_SUBNET } }, key, value))),
          400,
          UNKNOWN(key),
        );
        const graph = { vip_subnet_id: VIP_SUBNET, listeners: [withKey({ protocol: 'HTTP', protocol_port: 81 }, key, value)] };
        assertFault(await api().post(LB, JSON.stringify({ loadbalancer: graph })), 400, UNKNOWN(key));
        const batch = { members: [withKey({ address: '127.0.0.8', protocol_port: 80 }, key, value)] };
        assertFault(await api().put(`/v2/lbaas/pools/${all.pool.id}/members`, JSON.stringify(batch)), 400, UNKNOWN(key));
      }
      // a map attribute keeps the key, so the header check sees (and refuses) it
      const headers = { loadbalancer_id: all.lb.id, protocol: 'HTTP', protocol_port: 8081, insert_headers: withKey({}, key, 'true') };
      assertFault(
        await api().post('/v2/lbaas/listeners', JSON.stringify({ listener: headers })),
        400,
        `['${key}'] is not a valid option for insert_headers`,
      );
    }
    await waitActive(api(), all.lb.id);
    const after = await api().get(`${LB}/${all.lb.id}`);
    assert.equal(after.body.loadbalancer.name, 'proto');
    assert.equal(after.body.loadbalancer.admin_state_up, true);
    assert.deepEqual(
      (await api().get('/v2/lbaas/listeners')).body.listeners.map((l: any) => l.id),
      [all.listener.id],
    );
    assert.equal((await api().get(`/v2/lbaas/quotas/${all.quotaProject}`)).body.quota.listener, 5);
  });

  it('as a header name: just a header', async () => {
    const plain = await api().get(LB);
    for (const key of PROTO_KEYS) {
      const res = await api().get(LB, { [key]: 'x' });
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(res.body, plain.body);
    }
  });
});

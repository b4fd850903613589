// Every list's default order is Octavia's: it appends created_at, then id, to every sort where its model has them.
// Flavors and both profile kinds have only an id; availability zones and quota records have neither (Octavia orders
// them not at all, which is primary-key order on its MySQL): here by name and by project id. L7 policies list in
// creation order too, not by position (only the listener's own l7policies attribute is in position order).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { before, it } from 'node:test';
import { ensureAmphora } from '../../src/db/repositories/amphorae.js';
import { createOneOfEach, listedCollections, type OneOfEach } from '../support/collections.js';
import { createMember, waitActive } from '../support/fixtures.js';
import { createPolicy, createRule, POLICIES } from '../support/l7-fixtures.js';
import { describeEachDatabase } from '../support/matrix.js';

// created in this order: neither alphabetical nor reverse
const NAMES = ['order-e', 'order-b', 'order-d', 'order-a', 'order-c'];

const text = (v: unknown): string => (v === null || v === undefined ? '' : String(v));
const byKeys =
  (...keys: string[]) =>
  (x: any, y: any): number => {
    for (const k of keys) {
      if (text(x[k]) < text(y[k])) return -1;
      if (text(x[k]) > text(y[k])) return 1;
    }
    return 0;
  };

/** What each list's default order is made of. */
function defaultKeys(key: string): string[] {
  if (key === 'flavors' || key === 'flavorprofiles' || key === 'availability_zone_profiles') return ['id'];
  if (key === 'availability_zones') return ['name'];
  if (key === 'quotas') return ['project_id'];
  return ['created_at', 'id'];
}

describeEachDatabase('default list order', (api) => {
  let first: OneOfEach;
  let policies: any[] = [];
  before(async () => {
    const made: OneOfEach[] = [];
    for (const name of NAMES) made.push(await createOneOfEach(api(), name));
    first = made[0] as OneOfEach;
    const stack = { lb: first.lb, listener: first.listener, pool: first.pool };
    // more children of the first pool and policy; each new policy goes first, so position order is the reverse
    policies = [first.policy];
    for (let i = 0; i < 4; i++) {
      await createMember(api(), first.lb.id, first.pool.id, { address: `127.0.0.${20 - i}`, protocol_port: 80 + i });
      await createRule(api(), stack, first.policy.id, { value: `/${i}` });
      policies.push(await createPolicy(api(), stack, { position: 1 }));
    }
    await waitActive(api(), first.lb.id);
    for (let i = 0; i < 5; i++) {
      await ensureAmphora(api().runtime.services.db, randomUUID(), { load_balancer_id: first.lb.id, status: 'ALLOCATED' });
    }
  });

  it('every collection lists by created_at then id, or by its key where it has no created_at', async () => {
    for (const { path, key, linksKey, idField } of listedCollections(first)) {
      const res = await api().get(path);
      assert.equal(res.status, 200, `${path}: ${res.text}`);
      const items: any[] = res.body[key];
      assert.ok(items.length >= 5, `${path} lists ${items.length} items`);
      const expected = [...items].sort(byKeys(...defaultKeys(key))).map((x) => x[idField]);
      assert.deepEqual(
        items.map((x) => x[idField]),
        expected,
        path,
      );
      // limit and marker walk the same order
      const walked: string[] = [];
      let next: string | undefined = `${path}?limit=2`;
      while (next) {
        const page = await api().get(next);
        assert.equal(page.status, 200, page.text);
        walked.push(...page.body[key].map((x: any) => x[idField]));
        next = page.body[linksKey].find((l: any) => l.rel === 'next')?.href.slice(api().url.length);
      }
      assert.deepEqual(walked, expected, `${path} paged`);
    }
  });

  it('availability zones by name, quota records by project id, load balancers by creation whatever their names', async () => {
    const zones = (await api().get('/v2/lbaas/availabilityzones')).body.availability_zones.map((z: any) => z.name);
    assert.deepEqual(zones, [...NAMES].sort());
    const quotas = (await api().get('/v2/lbaas/quotas')).body.quotas.map((q: any) => q.project_id);
    assert.deepEqual(quotas, NAMES.map((n) => `${n}-project`).sort());
    // load balancers are: creation order, whatever their names
    const lbs = (await api().get('/v2/lbaas/loadbalancers')).body.loadbalancers.map((lb: any) => lb.name);
    assert.deepEqual(lbs, NAMES);
  });

  it('L7 policies list in creation order, not by position; the listener shows them by position', async () => {
    const res = await api().get(`${POLICIES}?listener_id=${first.listener.id}`);
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(
      res.body.l7policies.map((p: any) => p.id),
      policies.map((p) => p.id),
    );
    assert.deepEqual(
      res.body.l7policies.map((p: any) => p.position),
      [5, 4, 3, 2, 1],
    );
    const listener = await api().get(`/v2/lbaas/listeners/${first.listener.id}`);
    assert.deepEqual(
      listener.body.listener.l7policies.map((p: any) => p.id),
      [...policies].reverse().map((p) => p.id),
    );
  });
});

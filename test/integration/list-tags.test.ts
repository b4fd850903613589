// §4 tag filters: tags (all of), tags-any, not-tags (not all of), not-tags-any (none of), each in comma and
// repeated form; tags always come back sorted.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { describeEachDatabase } from '../support/matrix.js';
import { createLb, createPool, LB, waitActive } from '../support/fixtures.js';

describeEachDatabase('list tags', (api) => {
  // the suite's only load balancers
  const lbs: Record<string, any> = {};
  before(async () => {
    lbs.redBlue = await createLb(api(), { name: 'red-blue', tags: ['red', 'blue'] });
    lbs.red = await createLb(api(), { name: 'red', tags: ['red'] });
    lbs.green = await createLb(api(), { name: 'green', tags: ['green'] });
    lbs.none = await createLb(api(), { name: 'none' });
  });

  const names = async (query: string): Promise<string[]> => {
    const res = await api().get(`${LB}?${query}`);
    assert.equal(res.status, 200, res.text);
    return res.body.loadbalancers.map((x: any) => x.name).sort();
  };

  it('tags: the entity has all of them', async () => {
    assert.deepEqual(await names('tags=red'), ['red', 'red-blue']);
    assert.deepEqual(await names('tags=red,blue'), ['red-blue']);
    assert.deepEqual(await names('tags=red&tags=blue'), ['red-blue']);
    assert.deepEqual(await names('tags=red,green'), []);
    assert.deepEqual(await names('tags=purple'), []);
  });

  it('tags-any: the entity has at least one', async () => {
    assert.deepEqual(await names('tags-any=blue,green'), ['green', 'red-blue']);
    assert.deepEqual(await names('tags-any=blue&tags-any=green'), ['green', 'red-blue']);
    assert.deepEqual(await names('tags-any=red'), ['red', 'red-blue']);
  });

  it('not-tags: excludes entities having all of them', async () => {
    assert.deepEqual(await names('not-tags=red,blue'), ['green', 'none', 'red']);
    assert.deepEqual(await names('not-tags=red&not-tags=blue'), ['green', 'none', 'red']);
    assert.deepEqual(await names('not-tags=red'), ['green', 'none']);
  });

  it('not-tags-any: excludes entities having any of them', async () => {
    assert.deepEqual(await names('not-tags-any=red,green'), ['none']);
    assert.deepEqual(await names('not-tags-any=red&not-tags-any=green'), ['none']);
    assert.deepEqual(await names('not-tags-any=blue'), ['green', 'none', 'red']);
  });

  it('tag filters combine with each other and with attribute filters', async () => {
    assert.deepEqual(await names('tags=red&not-tags=blue'), ['red']);
    assert.deepEqual(await names('tags-any=red,green&not-tags-any=blue'), ['green', 'red']);
    assert.deepEqual(await names('tags=red&name=red-blue'), ['red-blue']);
  });

  it('tags come back sorted on create, show, list and update', async () => {
    const res = await api().post(LB, { loadbalancer: { vip_subnet_id: lbs.none.vip_subnet_id, name: 'sorted', tags: ['zz', 'aa', 'mm'] } });
    assert.equal(res.status, 201, res.text);
    assert.deepEqual(res.body.loadbalancer.tags, ['aa', 'mm', 'zz']);
    const id = res.body.loadbalancer.id;
    await waitActive(api(), id);
    assert.deepEqual((await api().get(`${LB}/${id}`)).body.loadbalancer.tags, ['aa', 'mm', 'zz']);
    const listed = await api().get(`${LB}?name=sorted`);
    assert.deepEqual(listed.body.loadbalancers[0].tags, ['aa', 'mm', 'zz']);
    const updated = await api().put(`${LB}/${id}`, { loadbalancer: { tags: ['b', 'a'] } });
    assert.equal(updated.status, 200, updated.text);
    assert.deepEqual(updated.body.loadbalancer.tags, ['a', 'b']);
    await waitActive(api(), id);
    assert.deepEqual(await names('tags=aa'), []);
    assert.deepEqual(await names('tags=a,b'), ['sorted']);
  });

  it('child collections filter by tags too', async () => {
    const tagged = await createPool(api(), lbs.none.id, { name: 'tagged', tags: ['blue', 'pool'] });
    const plain = await createPool(api(), lbs.none.id, { name: 'plain', tags: ['pool'] });
    const ids = async (query: string) => (await api().get(`/v2/lbaas/pools?${query}`)).body.pools.map((p: any) => p.id).sort();
    assert.deepEqual(await ids('tags=pool,blue'), [tagged.id]);
    assert.deepEqual(await ids('tags-any=pool'), [tagged.id, plain.id].sort());
    assert.deepEqual(await ids('not-tags=blue'), [plain.id]);
    assert.deepEqual(await ids('not-tags-any=pool'), []);
    assert.deepEqual(tagged.tags, ['blue', 'pool']);
  });
});

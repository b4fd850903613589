// §4 pagination: limit (default, 0/negative/infinite = no limit, non-integer = 400 text/plain), marker,
// page_reverse=True, and the exact next/previous links built from the request origin.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { describeEachDatabase } from '../support/matrix.js';
import { assertFault, createLb, createPool } from '../support/fixtures.js';

const POOLS = '/v2/lbaas/pools';

describeEachDatabase('list pagination', (api) => {
  // the suite's only pools, in creation order (the default sort is created_at, id)
  let ids: string[] = [];
  before(async () => {
    const lb = await createLb(api());
    ids = [];
    for (let i = 0; i < 5; i++) ids.push((await createPool(api(), lb.id, { name: `page-${i}` })).id);
  });

  const page = async (query: string): Promise<{ ids: string[]; links: any[] }> => {
    const res = await api().get(`${POOLS}${query}`);
    assert.equal(res.status, 200, res.text);
    return { ids: res.body.pools.map((p: any) => p.id), links: res.body.pools_links };
  };

  it('without limit returns everything (default pagination_max_limit 1000) and no links', async () => {
    assert.deepEqual(await page(''), { ids, links: [] });
  });

  it('a full first page has only a next link', async () => {
    const first = await page('?limit=2');
    assert.deepEqual(first.ids, ids.slice(0, 2));
    assert.deepEqual(first.links, [{ rel: 'next', href: `${api().url}${POOLS}?limit=2&marker=${ids[1]}` }]);
  });

  it('a page after a marker has previous (first) and next links, previous listed first', async () => {
    const second = await page(`?limit=2&marker=${ids[1]}`);
    assert.deepEqual(second.ids, ids.slice(2, 4));
    assert.deepEqual(second.links, [
      { rel: 'previous', href: `${api().url}${POOLS}?limit=2&marker=${ids[2]}&page_reverse=True` },
      { rel: 'next', href: `${api().url}${POOLS}?limit=2&marker=${ids[3]}` },
    ]);
  });

  it('a short last page has only the previous link', async () => {
    const last = await page(`?limit=2&marker=${ids[3]}`);
    assert.deepEqual(last.ids, [ids[4]]);
    assert.deepEqual(last.links, [{ rel: 'previous', href: `${api().url}${POOLS}?limit=2&marker=${ids[4]}&page_reverse=True` }]);
  });

  it('a page that is exactly full still gets a next link; an empty page gets no links', async () => {
    const exact = await page(`?limit=1&marker=${ids[3]}`);
    assert.deepEqual(exact.ids, [ids[4]]);
    assert.deepEqual(
      exact.links.map((l) => l.rel),
      ['previous', 'next'],
    );
    assert.deepEqual(await page(`?limit=2&marker=${ids[4]}`), { ids: [], links: [] });
  });

  it('page_reverse=True returns the first rows before the marker, in the normal order', async () => {
    assert.deepEqual((await page(`?limit=2&marker=${ids[4]}&page_reverse=True`)).ids, ids.slice(0, 2));
    assert.deepEqual((await page(`?marker=${ids[2]}&page_reverse=True`)).ids, ids.slice(0, 2));
    // only the exact string "True" reverses
    assert.deepEqual((await page(`?marker=${ids[2]}&page_reverse=true`)).ids, ids.slice(3));
  });

  it('limit 0, negative and "infinite" mean no limit and produce no links', async () => {
    for (const limit of ['0', '-1', 'infinite']) assert.deepEqual(await page(`?limit=${limit}`), { ids, links: [] });
    assert.deepEqual(await page(`?limit=0&marker=${ids[0]}`), { ids: ids.slice(1), links: [] });
  });

  it('a non-integer limit is a 400 with a text/plain body', async () => {
    for (const limit of ['abc', '1.5', '2x']) {
      const res = await api().get(`${POOLS}?limit=${limit}`);
      assert.equal(res.status, 400);
      assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
      assert.ok(res.text.includes(`Supplied pagination limit '${limit}' is not valid.`), res.text);
    }
  });

  it('an unknown marker is a 400 fault', async () => {
    const marker = 'f0e1d2c3-b4a5-4968-8776-655443322110';
    assertFault(await api().get(`${POOLS}?marker=${marker}`), 400, `Supplied pagination marker '${marker}' is not valid.`);
    assertFault(await api().get(`${POOLS}?marker=not-an-id`), 400, "Supplied pagination marker 'not-an-id' is not valid.");
  });

  it('a marker from another collection is not valid here', async () => {
    const lbs = await api().get('/v2/lbaas/loadbalancers');
    const lbId = lbs.body.loadbalancers[0].id;
    assertFault(await api().get(`${POOLS}?marker=${lbId}`), 400, `Supplied pagination marker '${lbId}' is not valid.`);
  });

  it('links carry sort and sort_key but not filters, sort_dir or fields', async () => {
    const sorted = await page('?limit=2&sort=name:desc&name=page-4&fields=id');
    assert.deepEqual(sorted.ids, [ids[4]]);
    const byName = await api().get(`${POOLS}?limit=2&sort=name:desc&fields=id`);
    assert.deepEqual(
      byName.body.pools.map((p: any) => p.id),
      [ids[4], ids[3]],
    );
    assert.deepEqual(byName.body.pools_links, [{ rel: 'next', href: `${api().url}${POOLS}?limit=2&sort=name:desc&marker=${ids[3]}` }]);
    const legacy = await api().get(`${POOLS}?limit=2&sort_key=name&sort_dir=desc&provisioning_status=ACTIVE`);
    assert.deepEqual(
      legacy.body.pools.map((p: any) => p.id),
      [ids[4], ids[3]],
    );
    assert.deepEqual(legacy.body.pools_links, [{ rel: 'next', href: `${api().url}${POOLS}?limit=2&sort_key=name&marker=${ids[3]}` }]);
    const next = await api().get(`${POOLS}?limit=2&sort=name:desc&marker=${ids[3]}`);
    assert.deepEqual(
      next.body.pools.map((p: any) => p.id),
      [ids[2], ids[1]],
    );
  });

  it('links keep the path the request used (/v2.0, no lbaas)', async () => {
    const res = await api().get('/v2.0/pools?limit=1');
    assert.deepEqual(res.body.pools_links, [{ rel: 'next', href: `${api().url}/v2.0/pools?limit=1&marker=${ids[0]}` }]);
  });
});

describeEachDatabase(
  'list pagination with pagination_max_limit and api_base_uri',
  (api) => {
    let ids: string[] = [];
    before(async () => {
      const lb = await createLb(api());
      ids = [];
      for (let i = 0; i < 5; i++) ids.push((await createPool(api(), lb.id, { name: `clamp-${i}` })).id);
    });

    it('no limit means pagination_max_limit, with a next link', async () => {
      const res = await api().get(POOLS);
      assert.deepEqual(
        res.body.pools.map((p: any) => p.id),
        ids.slice(0, 3),
      );
      assert.deepEqual(res.body.pools_links, [{ rel: 'next', href: `https://lb.example.test:9876${POOLS}?limit=3&marker=${ids[2]}` }]);
    });

    it('a larger limit is clamped to pagination_max_limit; a smaller one is kept', async () => {
      const big = await api().get(`${POOLS}?limit=50`);
      assert.equal(big.body.pools.length, 3);
      assert.deepEqual(big.body.pools_links, [{ rel: 'next', href: `https://lb.example.test:9876${POOLS}?limit=3&marker=${ids[2]}` }]);
      const small = await api().get(`${POOLS}?limit=2&marker=${ids[0]}`);
      assert.deepEqual(
        small.body.pools.map((p: any) => p.id),
        ids.slice(1, 3),
      );
      assert.deepEqual(small.body.pools_links, [
        { rel: 'previous', href: `https://lb.example.test:9876${POOLS}?limit=2&marker=${ids[1]}&page_reverse=True` },
        { rel: 'next', href: `https://lb.example.test:9876${POOLS}?limit=2&marker=${ids[2]}` },
      ]);
    });

    it('limit=0 still means no limit', async () => {
      const res = await api().get(`${POOLS}?limit=0`);
      assert.deepEqual(
        res.body.pools.map((p: any) => p.id),
        ids,
      );
      assert.deepEqual(res.body.pools_links, []);
    });
  },
  { api_settings: { pagination_max_limit: '3', api_base_uri: 'https://lb.example.test:9876/' } },
);

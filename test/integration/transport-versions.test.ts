// §1.2 version discovery: GET / lists v2.0..v2.26 (only the newest CURRENT, every href the request origin + /v2),
// GET /v2 and /v2.0 answer the JSON string "v2", and so do /v2/lbaas and /v2/octavia (Octavia's BaseV2Controller and
// OctaviaV2Controller: each has a get() returning "v2").
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeEachDatabase } from '../support/matrix.js';

const UPDATED: Record<string, string> = {
  'v2.0': '2016-12-11T00:00:00Z',
  'v2.1': '2018-04-20T00:00:00Z',
  'v2.2': '2018-07-31T00:00:00Z',
  'v2.3': '2018-12-18T00:00:00Z',
  'v2.4': '2018-12-19T00:00:00Z',
  'v2.5': '2019-01-21T00:00:00Z',
  'v2.6': '2019-01-25T00:00:00Z',
  'v2.7': '2018-01-25T12:00:00Z',
  'v2.8': '2019-02-12T00:00:00Z',
  'v2.9': '2019-03-04T00:00:00Z',
  'v2.10': '2019-03-05T00:00:00Z',
  'v2.11': '2019-06-24T00:00:00Z',
  'v2.12': '2019-09-11T00:00:00Z',
  'v2.13': '2019-09-13T00:00:00Z',
  'v2.14': '2019-11-10T00:00:00Z',
  'v2.15': '2020-03-10T00:00:00Z',
  'v2.16': '2020-03-15T00:00:00Z',
  'v2.17': '2020-04-29T00:00:00Z',
  'v2.18': '2020-04-29T01:00:00Z',
  'v2.19': '2020-05-12T00:00:00Z',
  'v2.20': '2020-08-02T00:00:00Z',
  'v2.21': '2020-09-03T00:00:00Z',
  'v2.22': '2020-09-04T00:00:00Z',
  'v2.23': '2020-09-07T00:00:00Z',
  'v2.24': '2020-10-15T00:00:00Z',
  'v2.25': '2021-10-02T00:00:00Z',
  'v2.26': '2022-08-29T00:00:00Z',
};

describeEachDatabase('transport versions', (api) => {
  it('GET / lists the 27 versions in order, only v2.26 CURRENT, each linking to <origin>/v2', async () => {
    const res = await api().get('/');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    assert.deepEqual(Object.keys(res.body), ['versions']);
    const versions = res.body.versions;
    assert.equal(versions.length, 27);
    assert.deepEqual(
      versions.map((v: any) => v.id),
      Array.from({ length: 27 }, (_, i) => `v2.${i}`),
    );
    for (const v of versions) {
      assert.deepEqual(Object.keys(v).sort(), ['id', 'links', 'status', 'updated']);
      assert.equal(v.updated, UPDATED[v.id], v.id);
      assert.equal(v.status, v.id === 'v2.26' ? 'CURRENT' : 'SUPPORTED', v.id);
      assert.deepEqual(v.links, [{ href: `${api().url}/v2`, rel: 'self' }]);
    }
  });

  it('GET / needs no credentials and ignores project headers', async () => {
    const res = await api().get('/', { 'x-project-id': 'someone' });
    assert.equal(res.status, 200);
    assert.equal(res.body.versions.length, 27);
  });

  it('GET /v2, /v2/ and /v2.0 answer the JSON string "v2"', async () => {
    for (const path of ['/v2', '/v2/', '/v2.0', '/v2.0/']) {
      const res = await api().get(path);
      assert.equal(res.status, 200, path);
      assert.match(res.headers.get('content-type') ?? '', /^application\/json/, path);
      assert.equal(res.text, '"v2"', path);
    }
  });

  it('GET /v2/lbaas, /v2/octavia (with or without a trailing slash, under /v2 and /v2.0) answer "v2" too', async () => {
    for (const version of ['/v2', '/v2.0']) {
      for (const path of [`${version}/lbaas`, `${version}/lbaas/`, `${version}/octavia`, `${version}/octavia/`]) {
        const res = await api().get(path);
        assert.equal(res.status, 200, `${path}: ${res.text}`);
        assert.match(res.headers.get('content-type') ?? '', /^application\/json/, path);
        assert.equal(res.text, '"v2"', path);
        assert.equal(res.body, 'v2', path);
      }
    }
  });
});

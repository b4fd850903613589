import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiFault } from '../../common/faults.js';
import { pageLinks } from './links.js';
import { parseListParams, selectFields, single } from './params.js';

const parse = (query: Record<string, string | string[]>, max = '1000') => parseListParams(query, max);

function fault(fn: () => unknown): ApiFault {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ApiFault, `expected an ApiFault, got ${String(err)}`);
    return err;
  }
  assert.fail('expected a fault');
}

describe('list parameters: limit', () => {
  it('defaults to pagination_max_limit and clamps to it', () => {
    assert.equal(parse({}).limit, 1000);
    assert.equal(parse({}, '3').limit, 3);
    assert.equal(parse({ limit: '2' }, '3').limit, 2);
    assert.equal(parse({ limit: '50' }, '3').limit, 3);
    assert.equal(parse({ limit: ' 7 ' }).limit, 7);
  });

  it('0, negative and "infinite" mean no limit; an infinite or negative maximum does not clamp', () => {
    for (const limit of ['0', '-1', '-100', 'infinite']) assert.equal(parse({ limit }).limit, null, limit);
    assert.equal(parse({}, 'infinite').limit, null);
    assert.equal(parse({}, '-1').limit, null);
    assert.equal(parse({ limit: '5000' }, 'infinite').limit, 5000);
  });

  it('a non-integer limit is a text/plain 400', () => {
    for (const limit of ['abc', '1.5', '', '1e3']) {
      const f = fault(() => parse({ limit }));
      assert.equal(f.status, 400);
      assert.equal(f.plainText, true);
      assert.equal(f.faultstring, `Supplied pagination limit '${limit}' is not valid.`);
    }
  });

  it('a repeated parameter counts with its last value', () => {
    assert.equal(parse({ limit: ['1', '2'] }).limit, 2);
    assert.equal(single(['a', 'b']), 'b');
    assert.equal(single('a'), 'a');
    assert.equal(single(undefined), undefined);
  });
});

describe('list parameters: marker and page_reverse', () => {
  it('keeps the marker; only the exact "True" reverses', () => {
    assert.equal(parse({}).marker, null);
    assert.equal(parse({ marker: 'abc' }).marker, 'abc');
    assert.equal(parse({ page_reverse: 'True' }).pageReverse, true);
    for (const v of ['true', 'TRUE', '1', 'yes', 'False']) assert.equal(parse({ page_reverse: v }).pageReverse, false, v);
  });
});

describe('list parameters: sorting', () => {
  it('parses sort=key[:dir],... with asc default and case-insensitive directions', () => {
    assert.deepEqual(parse({ sort: 'name' }).sort, [{ key: 'name', dir: 'asc' }]);
    assert.deepEqual(parse({ sort: 'name:DESC,created_at:asc,id' }).sort, [
      { key: 'name', dir: 'desc' },
      { key: 'created_at', dir: 'asc' },
      { key: 'id', dir: 'asc' },
    ]);
    assert.equal(parse({ sort: 'name:desc' }).sortParam, 'name:desc');
  });

  it('pairs legacy sort_key/sort_dir positionally, asc for missing directions', () => {
    assert.deepEqual(parse({ sort_key: 'a,b,c', sort_dir: 'desc' }).sort, [
      { key: 'a', dir: 'desc' },
      { key: 'b', dir: 'asc' },
      { key: 'c', dir: 'asc' },
    ]);
    assert.deepEqual(parse({ sort_key: 'a,b', sort_dir: 'asc,desc' }).sort, [
      { key: 'a', dir: 'asc' },
      { key: 'b', dir: 'desc' },
    ]);
    assert.equal(parse({ sort_key: 'a' }).sortKeyParam, 'a');
  });

  it('ignores sort_key when sort is given, and sort_dir without keys', () => {
    assert.deepEqual(parse({ sort: 'name', sort_key: 'id', sort_dir: 'desc' }).sort, [{ key: 'name', dir: 'asc' }]);
    assert.deepEqual(parse({ sort_dir: 'sideways' }).sort, []);
  });

  it('rejects bad directions and over-long key:dir parts', () => {
    assert.equal(fault(() => parse({ sort: 'name:up' })).faultstring, "Supplied sort direction 'up' is not valid.");
    assert.equal(fault(() => parse({ sort_key: 'name', sort_dir: 'Down' })).faultstring, "Supplied sort direction 'down' is not valid.");
    const f = fault(() => parse({ sort: 'a:b:c' }));
    assert.equal(f.status, 400);
    assert.equal(f.plainText, false);
    assert.equal(f.faultstring, "Supplied sort key '['a', 'b', 'c']' is not valid.");
  });
});

describe('list parameters: fields, tags and filters', () => {
  it('fields come in repeated and comma forms', () => {
    assert.equal(parse({}).fields, null);
    assert.deepEqual(parse({ fields: 'id' }).fields, ['id']);
    assert.deepEqual(parse({ fields: ['id', 'name'] }).fields, ['id', 'name']);
    assert.deepEqual(parse({ fields: ['id,name', 'vip_address'] }).fields, ['id', 'name', 'vip_address']);
  });

  it('the four tag filters take comma and repeated forms', () => {
    const p = parse({ tags: 'a,b', 'tags-any': ['c', 'd,e'], 'not-tags': ['f'], 'not-tags-any': 'g' });
    assert.deepEqual(p.tags, { tags: ['a', 'b'], tagsAny: ['c', 'd', 'e'], notTags: ['f'], notTagsAny: ['g'] });
    assert.deepEqual(parse({}).tags, { tags: [], tagsAny: [], notTags: [], notTagsAny: [] });
  });

  it('every other parameter is an equality filter; auxiliary and tag parameters are not', () => {
    const p = parse({
      name: 'x',
      admin_state_up: 'false',
      protocol_port: ['80', '81'],
      limit: '1',
      marker: 'm',
      sort: 'id',
      sort_key: 'id',
      sort_dir: 'asc',
      fields: 'id',
      page_reverse: 'True',
      tags: 't',
    });
    assert.deepEqual(
      [...p.filters.entries()],
      [
        ['name', ['x']],
        ['admin_state_up', ['false']],
        ['protocol_port', ['80', '81']],
      ],
    );
  });

  it('selectFields keeps only known requested keys', () => {
    const obj = { id: '1', name: 'n', tags: [] };
    assert.deepEqual(selectFields(obj, null), obj);
    assert.deepEqual(selectFields(obj, ['name', 'id', 'nope']), { name: 'n', id: '1' });
    assert.deepEqual(selectFields(obj, ['nope']), {});
  });
});

describe('pagination links', () => {
  const base = 'http://h:1/v2/lbaas/pools';
  it('next when the page is full, previous when a marker was given, previous first', () => {
    const params = parse({ limit: '2', marker: 'm0', sort: 'name:desc', sort_key: 'name', name: 'x', fields: 'id' });
    assert.deepEqual(pageLinks(params, base, { first: 'a', last: 'b', count: 2 }), [
      { rel: 'previous', href: `${base}?limit=2&sort=name:desc&sort_key=name&marker=a&page_reverse=True` },
      { rel: 'next', href: `${base}?limit=2&sort=name:desc&sort_key=name&marker=b` },
    ]);
  });

  it('no next on a short page, no links at all on an empty page or without a limit', () => {
    const params = parse({ limit: '2' });
    assert.deepEqual(pageLinks(params, base, { first: 'a', last: 'a', count: 1 }), []);
    assert.deepEqual(pageLinks(parse({ limit: '2', marker: 'm' }), base, { count: 0 }), []);
    assert.deepEqual(pageLinks(parse({ limit: '0', marker: 'm' }), base, { first: 'a', last: 'c', count: 3 }), []);
  });
});

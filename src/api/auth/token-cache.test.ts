import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TokenCache } from './token-cache.js';

const v = (name: string) => ({ name });

describe('TokenCache', () => {
  it('expires entries at their own time and drops the least recently used when full', () => {
    let now = 1000;
    const cache = new TokenCache<{ name: string }>(2, () => now);
    cache.set('t1', v('a'), 2000);
    cache.set('t2', v('b'), 5000);
    assert.deepEqual(cache.get('t1'), v('a'));
    now = 2001;
    assert.equal(cache.get('t1'), undefined);
    cache.set('t3', v('c'), 5000);
    assert.deepEqual(cache.get('t2'), v('b')); // read: now t3 is the least recently used
    cache.set('t4', v('d'), 5000);
    assert.equal(cache.size, 2);
    assert.equal(cache.get('t3'), undefined);
    assert.deepEqual(cache.get('t2'), v('b'));
    assert.deepEqual(cache.get('t4'), v('d'));
    now = 5000;
    assert.deepEqual(cache.get('t4'), v('d'));
    now = 5001;
    assert.equal(cache.get('t4'), undefined);
    cache.set('expired', v('x'), 1500);
    assert.equal(cache.get('expired'), undefined);
  });

  it('keeps nothing when its size is 0', () => {
    const cache = new TokenCache<{ name: string }>(0);
    cache.set('t', v('a'), Date.now() + 60_000);
    assert.equal(cache.get('t'), undefined);
    assert.equal(cache.size, 0);
  });
});

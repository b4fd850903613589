import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TokenCache } from './token-cache.js';

describe('TokenCache', () => {
  it('expires entries at their own time and drops the oldest when full', () => {
    let now = 1000;
    const cache = new TokenCache<string>(2, () => now);
    cache.set('t1', 'a', 2000);
    cache.set('t2', 'b', 5000);
    assert.equal(cache.get('t1'), 'a');
    now = 2000;
    assert.equal(cache.get('t1'), undefined);
    cache.set('t3', 'c', 5000);
    cache.set('t4', 'd', 5000);
    assert.equal(cache.size, 2);
    assert.equal(cache.get('t2'), undefined);
    assert.equal(cache.get('t4'), 'd');
    cache.set('expired', 'x', 1500);
    assert.equal(cache.get('expired'), undefined);
  });
});

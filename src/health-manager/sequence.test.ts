import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SequenceTracker } from './sequence.js';

describe('heartbeat sequence tracking', () => {
  it('accepts increasing seqs, drops repeats and older ones', () => {
    const t = new SequenceTracker(5000);
    assert.deepEqual([1, 2, 2, 1, 3, 10, 9].map((s) => t.accept('a', s, 0)), [true, true, false, false, true, true, false]);
  });

  it('tracks each amphora on its own', () => {
    const t = new SequenceTracker(5000);
    assert.equal(t.accept('a', 5, 0), true);
    assert.equal(t.accept('b', 1, 0), true);
    assert.equal(t.accept('a', 1, 0), false);
  });

  it('accepts anything first (a restarted health manager) and messages without seq', () => {
    const t = new SequenceTracker(5000);
    assert.equal(t.accept('a', 900, 0), true);
    assert.equal(t.accept('a', null, 0), true);
    assert.equal(t.accept('a', null, 0), true);
  });

  it('an agent restart after a silence starts a new sequence', () => {
    const t = new SequenceTracker(5000);
    t.accept('a', 100, 0);
    assert.equal(t.accept('a', 0, 1000), false);
    assert.equal(t.accept('a', 0, 7000), true);
    assert.equal(t.accept('a', 1, 8000), true);
  });

  it('an agent restart without silence is accepted after 3 increasing seqs', () => {
    const t = new SequenceTracker(5000);
    t.accept('a', 100, 0);
    assert.deepEqual([0, 1, 2, 3].map((s) => t.accept('a', s, 10)), [false, false, true, true]);
  });

  it('replays interleaved with the live amphora never win', () => {
    const t = new SequenceTracker(5000);
    t.accept('a', 100, 0);
    const results: boolean[] = [];
    for (let i = 0; i < 10; i++) {
      results.push(t.accept('a', 10 + i, i)); // replayed old datagrams, in order
      results.push(t.accept('a', 101 + i, i)); // the real amphora keeps going
    }
    assert.deepEqual(results.filter((_, i) => i % 2 === 0), Array(10).fill(false));
    assert.deepEqual(results.filter((_, i) => i % 2 === 1), Array(10).fill(true));
  });

  it('prune forgets silent amphorae', () => {
    const t = new SequenceTracker(5000);
    t.accept('a', 1, 0);
    t.accept('b', 1, 9000);
    t.prune(10_000, 5000);
    assert.equal(t.size, 1);
    assert.equal(t.accept('a', 0, 10_000), true);
  });
});

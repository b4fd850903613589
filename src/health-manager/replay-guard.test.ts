import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ReplayGuard } from './replay-guard.js';

const WINDOW = 2500;
const guard = (requireTimestamp = true) => new ReplayGuard({ windowMs: WINDOW, requireTimestamp, silenceMs: 5000 });
const T = 1_800_000_000_000;

describe('heartbeat replay guard: signed timestamps', () => {
  it('accepts increasing (ts, seq), drops repeats and older ones', () => {
    const g = guard();
    const verdicts = [
      [T, 1],
      [T + 1, 2],
      [T + 1, 2],
      [T, 1],
      [T + 5, 3],
      [T + 5, 4],
      [T + 4, 9],
    ].map(([ts, seq]) => g.check('a', ts, seq!, T));
    assert.deepEqual(verdicts, ['accepted', 'accepted', 'stale_seq', 'stale_seq', 'accepted', 'accepted', 'stale_seq']);
  });

  it('a ts outside the window is dropped, old or new, even as the first message (a restarted health manager)', () => {
    const g = guard();
    assert.equal(g.check('a', T - WINDOW - 1, 1, T), 'stale_ts');
    assert.equal(g.check('a', T + WINDOW + 1, 1, T), 'future_ts');
    assert.equal(g.check('a', T - WINDOW, 1, T), 'accepted');
  });

  it('a burst of old increasing seqs replayed inside the window is dropped: (ts, seq) is not above the mark', () => {
    const g = guard();
    const sent = Array.from({ length: 10 }, (_, i) => ({ ts: T + i * 100, seq: i }));
    for (const m of sent) assert.equal(g.check('a', m.ts, m.seq, m.ts), 'accepted');
    const now = T + 1000;
    assert.deepEqual(
      sent.slice(2, 6).map((m) => g.check('a', m.ts, m.seq, now)),
      ['stale_seq', 'stale_seq', 'stale_seq', 'stale_seq'],
    );
  });

  it('an agent restart (seq back to 0, newer ts) is accepted at once', () => {
    const g = guard();
    assert.equal(g.check('a', T, 500, T), 'accepted');
    assert.equal(g.check('a', T + 300, 0, T + 300), 'accepted');
    assert.equal(g.check('a', T + 1300, 1, T + 1300), 'accepted');
  });

  it('tracks each amphora on its own', () => {
    const g = guard();
    assert.equal(g.check('a', T + 10, 5, T), 'accepted');
    assert.equal(g.check('b', T, 1, T), 'accepted');
    assert.equal(g.check('a', T, 6, T), 'stale_seq');
  });

  it('prune keeps a mark while its ts is inside the window, then forgets silent amphorae', () => {
    const g = guard();
    g.check('a', T, 1, T);
    g.check('b', T + 9000, 1, T + 9000);
    g.prune(T + 1000, 500);
    assert.equal(g.size, 2, 'a is still inside the window');
    g.prune(T + 10_000, 5000);
    assert.equal(g.size, 1);
    // forgotten, but its old datagram is now outside the window anyway
    assert.equal(g.check('a', T, 1, T + 10_000), 'stale_ts');
  });
});

describe('heartbeat replay guard: messages without ts', () => {
  it('are dropped while heartbeat_require_timestamp is true', () => {
    const g = guard(true);
    assert.equal(g.check('a', undefined, 1, T), 'no_timestamp');
    assert.equal(g.check('a', undefined, null, T), 'no_timestamp');
  });

  it('accepted with seq ordering when it is false; seq null cannot be checked', () => {
    const g = guard(false);
    assert.deepEqual(
      [1, 2, 2, 1, 3].map((s) => g.check('a', undefined, s, T)),
      ['accepted', 'accepted', 'stale_seq', 'stale_seq', 'accepted'],
    );
    assert.equal(g.check('b', undefined, null, T), 'accepted');
  });

  it('legacy restart rules: after a silence, or after 3 increasing lower seqs', () => {
    const g = guard(false);
    g.check('a', undefined, 100, 0);
    assert.equal(g.check('a', undefined, 0, 1000), 'stale_seq');
    assert.equal(g.check('a', undefined, 0, 7000), 'accepted');
    g.check('b', undefined, 100, 0);
    assert.deepEqual(
      [0, 1, 2, 3].map((s) => g.check('b', undefined, s, 10)),
      ['stale_seq', 'stale_seq', 'accepted', 'accepted'],
    );
  });

  it('an amphora that has sent ts is not accepted without it (no downgrade)', () => {
    const g = guard(false);
    assert.equal(g.check('a', T, 1, T), 'accepted');
    assert.equal(g.check('a', undefined, 2, T), 'no_timestamp');
    assert.equal(g.check('a', T + 1, 2, T), 'accepted');
  });

  it('an amphora upgraded to ts is accepted with it', () => {
    const g = guard(false);
    assert.equal(g.check('a', undefined, 100, T), 'accepted');
    assert.equal(g.check('a', T, 0, T), 'accepted');
  });
});

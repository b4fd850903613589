import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eventually, GiveUp } from './eventually.js';

describe('eventually()', () => {
  it('returns the first accepted value: not undefined, null or false, or what `until` accepts', async () => {
    let n = 0;
    assert.equal(await eventually('a value', () => (++n < 3 ? undefined : n), { intervalMs: 1 }), 3);
    assert.equal(await eventually('zero counts as a value', () => 0, { intervalMs: 1 }), 0);
    let m = 0;
    assert.equal(await eventually('m reaches 4', async () => ++m, { until: (v) => v >= 4, intervalMs: 1 }), 4);
  });

  it('times out with what it waited for and the last value observed', async () => {
    let n = 0;
    await assert.rejects(
      eventually('the count to reach 100', () => ({ count: ++n }), { until: (v) => v.count >= 100, timeoutMs: 50, intervalMs: 5 }),
      (err: Error) => {
        assert.match(err.message, /^the count to reach 100: not within 50 ms; last value: \{"count":(\d+)\}$/);
        assert.equal(err.message.match(/"count":(\d+)/)?.[1], String(n));
        return true;
      },
    );
  });

  it('retries a probe that throws and reports the last error, plus the detail', async () => {
    let n = 0;
    await assert.rejects(
      eventually(
        'the service to answer',
        () => {
          throw new Error(`refused #${++n}`);
        },
        { timeoutMs: 30, intervalMs: 5, detail: () => 'log tail' },
      ),
      (err: Error) => {
        assert.equal(err.message, `the service to answer: not within 30 ms; last error: refused #${n}\nlog tail`);
        return true;
      },
    );
  });

  it('stops at once on GiveUp', async () => {
    const started = performance.now();
    await assert.rejects(
      eventually(
        'the child to listen',
        () => {
          throw new GiveUp('exited with 1');
        },
        { timeoutMs: 10_000 },
      ),
      { message: 'the child to listen: exited with 1' },
    );
    assert.ok(performance.now() - started < 1000);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pino } from 'pino';
import { Writable } from 'node:stream';
import { RateLimitedLog } from './counters.js';

describe('rate-limited warnings', () => {
  it('one line per key per interval; the next one says how many were suppressed', async () => {
    const lines: any[] = [];
    const log = pino(
      { level: 'warn' },
      new Writable({
        write: (c, _e, done) => {
          lines.push(JSON.parse(String(c)));
          done();
        },
      }),
    );
    const warn = new RateLimitedLog(log, 1000);
    for (let i = 0; i < 5; i++) warn.warn('a', { i }, 'first', 0);
    warn.warn('b', {}, 'other key', 10);
    warn.warn('a', {}, 'again', 1500);
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(
      lines.map((l) => [l.msg, l.suppressed]),
      [
        ['first', undefined],
        ['other key', undefined],
        ['again', 4],
      ],
    );
  });
});

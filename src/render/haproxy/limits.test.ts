import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HaproxyRenderError } from './guard.js';
import { computeConnectionLimits, HAPROXY_MAX_MAXCONN, maxconnForFdLimit } from './limits.js';

describe('connection limits', () => {
  it('keeps the sum of listener limits when the fd limit allows it', () => {
    const limits = computeConnectionLimits({
      fdLimit: 20000,
      frontendLimits: [
        { listenerId: 'a', limit: 1000 },
        { listenerId: 'b', limit: 2000 },
      ],
      bindCount: 2,
      checkedServerCount: 4,
    });
    assert.deepEqual(limits, { globalMaxconn: 3000, frontendMaxconn: [1000, 2000], notes: [] });
  });

  it('caps the global and each frontend by the fd limit and says so', () => {
    const limits = computeConnectionLimits({
      fdLimit: 20000,
      frontendLimits: [
        { listenerId: 'a', limit: 50000 },
        { listenerId: 'b', limit: 100 },
      ],
      bindCount: 2,
      checkedServerCount: 3,
    });
    // (20000 - 1000 - 2 - 3) / 2.5 = 7598
    assert.equal(limits.globalMaxconn, 7598);
    assert.deepEqual(limits.frontendMaxconn, [7598, 100]);
    assert.deepEqual(limits.notes, [
      'global maxconn capped from 50100 to 7598 by the open-file limit 20000',
      'listener a maxconn capped from 50000 to the global maxconn 7598',
    ]);
  });

  it("uses Octavia's 1000000 when there is no listener, capped by the fd limit", () => {
    const limits = computeConnectionLimits({ fdLimit: 3_000_000, frontendLimits: [], bindCount: 0, checkedServerCount: 0 });
    assert.equal(limits.globalMaxconn, HAPROXY_MAX_MAXCONN);
    assert.deepEqual(limits.notes, []);
  });

  it('keeps the HAProxy socket budget within the fd limit', () => {
    for (const fdLimit of [1024, 4096, 20000, 65536, 1_048_576]) {
      const maxconn = maxconnForFdLimit(fdLimit, 10, 10);
      assert.ok(maxconn * 2.5 + 10 + 10 < fdLimit, `${fdLimit}: ${maxconn}`);
      assert.ok(maxconn > fdLimit / 4, `${fdLimit}: ${maxconn} wastes most of the limit`);
    }
  });

  it('refuses a limit that leaves nothing for connections', () => {
    assert.throws(() => maxconnForFdLimit(8, 10, 0), HaproxyRenderError);
  });
});

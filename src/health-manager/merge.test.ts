import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HeartbeatMessage } from '../contracts/heartbeat.js';
import { mergeHeartbeats } from './merge.js';

const hb = (
  id: string,
  seq: number,
  ver: number,
  stats: [number, number, number, number, number],
  status = 'OPEN',
): { message: HeartbeatMessage; receivedAt: number } => ({
  message: {
    id,
    seq,
    ver,
    pools: {},
    listeners: { L: { status, stats: { rx: stats[0], tx: stats[1], conns: stats[2], totconns: stats[3], ereq: stats[4] } } },
  },
  receivedAt: 0,
});

describe('merging a batch of heartbeats', () => {
  it('v3 deltas add up, active connections and statuses come from the latest', () => {
    const out = mergeHeartbeats([hb('a', 1, 3, [10, 20, 5, 1, 0]), hb('a', 2, 3, [1, 2, 3, 4, 5], 'FULL')]);
    const a = out.get('a');
    assert.equal(a?.count, 2);
    assert.equal(a?.latest.seq, 2);
    assert.deepEqual(a?.stats.get('L'), {
      mode: 'add',
      bytesIn: 11,
      bytesOut: 22,
      activeConnections: 3,
      totalConnections: 5,
      requestErrors: 5,
    });
  });

  it('absolute (v2) values replace; v3 deltas after one build on it', () => {
    const out = mergeHeartbeats([
      hb('a', 1, 2, [100, 100, 1, 100, 1]),
      hb('a', 2, 2, [150, 160, 2, 170, 2]),
      hb('a', 3, 3, [1, 1, 7, 1, 1]),
    ]);
    assert.deepEqual(out.get('a')?.stats.get('L'), {
      mode: 'replace',
      bytesIn: 151,
      bytesOut: 161,
      activeConnections: 7,
      totalConnections: 171,
      requestErrors: 3,
    });
  });

  it('keeps amphorae apart', () => {
    const out = mergeHeartbeats([hb('a', 1, 3, [1, 1, 1, 1, 1]), hb('b', 1, 3, [2, 2, 2, 2, 2])]);
    assert.deepEqual([...out.keys()], ['a', 'b']);
    assert.equal(out.get('b')?.stats.get('L')?.bytesIn, 2);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HeartbeatClock } from './timestamp.js';

describe('heartbeat timestamps', () => {
  it('follow the wall clock forward and never go back when it steps back', () => {
    const wall = [1000, 2000, 1500, 1200, 2001, 2001, 9000];
    const clock = new HeartbeatClock(() => wall.shift() as number);
    assert.deepEqual(
      Array.from({ length: 7 }, () => clock.next()),
      [1000, 2000, 2001, 2002, 2003, 2004, 9000],
    );
  });
});

// The sender over a real UDP socket: every heartbeat carries a signed ts that keeps increasing when the amphora's
// clock steps back, so the health manager never takes the agent's own heartbeats for replays.
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { describe, it } from 'node:test';
import { pino } from 'pino';
import { decodeHeartbeat, type HeartbeatMessage } from '../../contracts/heartbeat.js';
import { HeartbeatSender } from './sender.js';

describe('heartbeat sender', () => {
  it('signs a strictly increasing ts while the wall clock steps back', async () => {
    const receiver = createSocket('udp4');
    await new Promise<void>((r) => receiver.bind(0, '127.0.0.1', r));
    const beats: HeartbeatMessage[] = [];
    const four = new Promise<void>((resolve) => {
      receiver.on('message', (datagram) => {
        const decoded = decodeHeartbeat(datagram, 'k');
        if (decoded.ok) beats.push(decoded.message);
        if (beats.length === 4) resolve();
      });
    });
    const wall = [5000, 9000, 4000, 4500];
    const sender = new HeartbeatSender({
      amphoraId: 'amp',
      current: () => ({ key: 'k', destinations: [`127.0.0.1:${receiver.address().port}`], intervalS: 0.1 }),
      statsSockets: () => [],
      log: pino({ level: 'silent' }),
      wallClock: () => wall.shift() ?? 4600,
    });
    try {
      sender.start();
      await four;
    } finally {
      sender.stop();
      receiver.close();
    }
    assert.deepEqual(
      beats.map((b) => [b.seq, b.ts]),
      [
        [0, 5000],
        [1, 9000],
        [2, 9001],
        [3, 9002],
      ],
    );
  });
});

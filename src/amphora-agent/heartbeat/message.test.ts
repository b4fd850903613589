import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildHeartbeat } from './message.js';
import { parseShowStat } from './stat-csv.js';

const L = '11111111-1111-4111-8111-111111111111';
const P = '22222222-2222-4222-8222-222222222222';
const M1 = '33333333-3333-4333-8333-333333333333';
const M2 = '44444444-4444-4444-8444-444444444444';
const M3 = '55555555-5555-4555-8555-555555555555';

function csv(bout: number, bin: number, stot: number, ereq: number, scur = 2): string {
  return [
    '# pxname,svname,qcur,qmax,scur,smax,slim,stot,bin,bout,dreq,dresp,ereq,econ,eresp,wretr,wredis,status,weight,',
    `${L},FRONTEND,,,${scur},5,100,${stot},${bin},${bout},0,0,${ereq},,,,,OPEN,,`,
    `${P}:${L},${M1},0,0,1,1,,3,10,20,,0,,0,0,0,0,UP,1,`,
    `${P}:${L},${M2},0,0,0,0,,0,0,0,,0,,0,0,0,0,DOWN 1/3,1,`,
    `${P}:${L},${M3},0,0,0,0,,0,0,0,,0,,0,0,0,0,UP,0,`,
    `${P}:${L},BACKEND,0,0,1,1,,3,10,20,0,0,,0,0,0,0,UP,2,`,
    'prometheus-exporter,FRONTEND,,,0,0,10,0,0,0,0,0,0,,,,,OPEN,,',
    '',
  ].join('\n');
}

describe('heartbeat message (version 3)', () => {
  it('reports listeners, pools and members as Octavia does', () => {
    const { body } = buildHeartbeat('amp', 7, 1000 + 7, parseShowStat(csv(100, 50, 4, 1)), {});
    assert.deepEqual(body, {
      id: 'amp',
      seq: 7,
      ts: 1007,
      ver: 3,
      listeners: { [L]: { status: 'OPEN', stats: { tx: 100, rx: 50, conns: 2, totconns: 4, ereq: 1 } } },
      pools: { [`${P}:${L}`]: { status: 'UP', members: { [M1]: 'UP', [M2]: 'DOWN 1/3', [M3]: 'DRAIN' } } },
    });
  });

  it('sends deltas against the previous message, and absolute values after a counter reset', () => {
    const first = buildHeartbeat('amp', 0, 1000 + 0, parseShowStat(csv(100, 50, 4, 1)), {});
    const second = buildHeartbeat('amp', 1, 1000 + 1, parseShowStat(csv(160, 70, 9, 1, 0)), first.memory);
    assert.deepEqual(second.body.listeners[L]?.stats, { tx: 60, rx: 20, conns: 0, totconns: 5, ereq: 0 });
    // HAProxy restarted: counters start again from zero
    const third = buildHeartbeat('amp', 2, 1000 + 2, parseShowStat(csv(30, 10, 1, 0)), second.memory);
    assert.deepEqual(third.body.listeners[L]?.stats, { tx: 30, rx: 10, conns: 2, totconns: 1, ereq: 0 });
  });

  it('yields an empty heartbeat for an amphora that serves nothing', () => {
    assert.deepEqual(buildHeartbeat('amp', 0, 1000 + 0, parseShowStat(''), {}).body, {
      id: 'amp',
      seq: 0,
      ts: 1000,
      ver: 3,
      listeners: {},
      pools: {},
    });
  });
});

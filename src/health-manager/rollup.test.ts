// Octavia's status rules (UpdateHealthDb._update_health, octavia-amphora.md §5.1), one row per rule.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HeartbeatMessage, HeartbeatPool } from '../contracts/heartbeat.js';
import type { HealthGraph } from '../db/health-graph.js';
import { normalizePoolKeys, refreshesHealth, rollUpStatuses } from './rollup.js';

interface GraphSpec {
  enabled?: boolean;
  prov?: string;
  op?: string;
  listeners?: Record<string, { op?: string; enabled?: boolean }>;
  pools?: Record<string, { op?: string; members?: Record<string, string> }>;
}

function graph(spec: GraphSpec = {}): HealthGraph {
  const listeners = spec.listeners ?? { L1: {} };
  const pools = spec.pools ?? { P1: { members: { M1: 'ONLINE', M2: 'ONLINE' } } };
  return {
    id: 'LB',
    enabled: spec.enabled ?? true,
    provisioningStatus: spec.prov ?? 'ACTIVE',
    operatingStatus: spec.op ?? 'ONLINE',
    listeners: new Map(Object.entries(listeners).map(([id, l]) => [id, { operatingStatus: l.op ?? 'ONLINE', enabled: l.enabled ?? true }])),
    pools: new Map(
      Object.entries(pools).map(([id, p]) => [
        id,
        {
          operatingStatus: p.op ?? 'ONLINE',
          members: new Map(Object.entries(p.members ?? {}).map(([m, op]) => [m, { operatingStatus: op }])),
        },
      ]),
    ),
  };
}

const stats = { tx: 0, rx: 0, conns: 0, totconns: 0, ereq: 0 };

function v3(listeners: Record<string, string>, pools: Record<string, HeartbeatPool>): HeartbeatMessage {
  return {
    id: 'AMP',
    seq: 1,
    ver: 3,
    listeners: Object.fromEntries(Object.entries(listeners).map(([id, status]) => [id, { status, stats }])),
    pools,
  };
}

const up = (members: Record<string, string>, status = 'UP'): HeartbeatPool => ({ status, members });

interface Row {
  rule: string;
  graph?: GraphSpec;
  message: HeartbeatMessage;
  /** expected writes: lb, and per object kind id → status */
  lb: string | null;
  listeners?: Record<string, string>;
  pools?: Record<string, string>;
  members?: Record<string, string>;
  unknown?: number;
}

const ROWS: Row[] = [
  {
    rule: 'all healthy, DB already says so: nothing to write',
    message: v3({ L1: 'OPEN' }, { 'P1:L1': up({ M1: 'UP', M2: 'UP' }) }),
    lb: null,
  },
  {
    rule: 'transitional "UP 1/3" is ONLINE',
    graph: { pools: { P1: { members: { M1: 'OFFLINE' } } } },
    message: v3({ L1: 'OPEN' }, { 'P1:L1': up({ M1: 'UP 1/3' }) }),
    lb: null,
    members: { M1: 'ONLINE' },
  },
  {
    rule: 'member DOWN → member ERROR, pool and LB DEGRADED (listener stays ONLINE)',
    message: v3({ L1: 'OPEN' }, { 'P1:L1': up({ M1: 'UP', M2: 'DOWN' }) }),
    lb: 'DEGRADED',
    pools: { P1: 'DEGRADED' },
    members: { M2: 'ERROR' },
  },
  {
    rule: '"DOWN 1/2" counts as DOWN',
    message: v3({ L1: 'OPEN' }, { 'P1:L1': up({ M1: 'DOWN 1/2', M2: 'UP' }) }),
    lb: 'DEGRADED',
    pools: { P1: 'DEGRADED' },
    members: { M1: 'ERROR' },
  },
  {
    rule: 'backend DOWN (all members down) → pool ERROR, LB ERROR',
    message: v3({ L1: 'OPEN' }, { 'P1:L1': up({ M1: 'DOWN', M2: 'DOWN' }, 'DOWN') }),
    lb: 'ERROR',
    pools: { P1: 'ERROR' },
    members: { M1: 'ERROR', M2: 'ERROR' },
  },
  {
    rule: 'MAINT (admin down member) → OFFLINE, pool stays ONLINE',
    message: v3({ L1: 'OPEN' }, { 'P1:L1': up({ M1: 'MAINT', M2: 'UP' }) }),
    lb: null,
    members: { M1: 'OFFLINE' },
  },
  {
    rule: 'DRAIN → DRAINING',
    message: v3({ L1: 'OPEN' }, { 'P1:L1': up({ M1: 'DRAIN', M2: 'UP' }) }),
    lb: null,
    members: { M1: 'DRAINING' },
  },
  {
    rule: '"no check" → NO_MONITOR',
    message: v3({ L1: 'OPEN' }, { 'P1:L1': up({ M1: 'no check', M2: 'no check' }) }),
    lb: null,
    members: { M1: 'NO_MONITOR', M2: 'NO_MONITOR' },
  },
  {
    rule: 'RESTARTING keeps the member status',
    graph: { pools: { P1: { members: { M1: 'ERROR', M2: 'ONLINE' } } } },
    message: v3({ L1: 'OPEN' }, { 'P1:L1': up({ M1: 'RESTARTING', M2: 'UP' }) }),
    lb: null,
  },
  {
    rule: 'unknown member status: unchanged, reported',
    message: v3({ L1: 'OPEN' }, { 'P1:L1': up({ M1: 'WEIRD', M2: 'UP' }) }),
    lb: null,
    unknown: 1,
  },
  {
    rule: 'member absent from the report → OFFLINE',
    message: v3({ L1: 'OPEN' }, { 'P1:L1': up({ M1: 'UP' }) }),
    lb: null,
    members: { M2: 'OFFLINE' },
  },
  {
    rule: 'member absent but NO_MONITOR in the DB: unchanged',
    graph: { pools: { P1: { members: { M1: 'ONLINE', M2: 'NO_MONITOR' } } } },
    message: v3({ L1: 'OPEN' }, { 'P1:L1': up({ M1: 'UP' }) }),
    lb: null,
  },
  {
    rule: 'pool absent from every report → OFFLINE, members untouched',
    message: v3({ L1: 'OPEN' }, {}),
    lb: null,
    pools: { P1: 'OFFLINE' },
  },
  {
    rule: 'pool absent, already OFFLINE: nothing',
    graph: { pools: { P1: { op: 'OFFLINE', members: { M1: 'ONLINE' } } } },
    message: v3({ L1: 'OPEN' }, {}),
    lb: null,
  },
  {
    rule: 'pool with no members reported UP → ONLINE',
    graph: { pools: { P1: { op: 'OFFLINE' } } },
    message: v3({ L1: 'OPEN' }, { 'P1:L1': up({}) }),
    lb: null,
    pools: { P1: 'ONLINE' },
  },
  {
    rule: 'LVS pool keyed by pool id alone',
    graph: { pools: { P1: { op: 'OFFLINE', members: {} } } },
    message: v3({ L1: 'OPEN' }, { P1: up({}) }),
    lb: null,
    pools: { P1: 'ONLINE' },
  },
  {
    rule: 'unknown pool status: pool unchanged, members still evaluated',
    message: v3({ L1: 'OPEN' }, { 'P1:L1': up({ M1: 'DOWN', M2: 'UP' }, 'MAINT') }),
    lb: null,
    members: { M1: 'ERROR' },
    unknown: 1,
  },
  {
    rule: 'listener FULL → listener DEGRADED, LB DEGRADED',
    message: v3({ L1: 'FULL' }, { 'P1:L1': up({ M1: 'UP', M2: 'UP' }) }),
    lb: 'DEGRADED',
    listeners: { L1: 'DEGRADED' },
  },
  {
    rule: 'listener with an unknown status: unchanged, reported',
    graph: { listeners: { L1: { op: 'OFFLINE' } } },
    message: v3({ L1: 'STOP' }, { 'P1:L1': up({ M1: 'UP', M2: 'UP' }) }),
    lb: null,
    unknown: 1,
  },
  {
    rule: 'enabled listener absent, LB ACTIVE → listener ERROR, LB status unaffected',
    graph: { listeners: { L1: {}, L2: {} } },
    message: v3({ L1: 'OPEN' }, { 'P1:L1': up({ M1: 'UP', M2: 'UP' }) }),
    lb: null,
    listeners: { L2: 'ERROR' },
  },
  {
    rule: 'listener absent while the LB is PENDING_UPDATE → OFFLINE',
    graph: { prov: 'PENDING_UPDATE', listeners: { L1: {}, L2: {} } },
    message: v3({ L1: 'OPEN' }, { 'P1:L1': up({ M1: 'UP', M2: 'UP' }) }),
    lb: null,
    listeners: { L2: 'OFFLINE' },
  },
  {
    rule: 'disabled listener absent → OFFLINE',
    graph: { listeners: { L1: {}, L2: { enabled: false } } },
    message: v3({ L1: 'OPEN' }, { 'P1:L1': up({ M1: 'UP', M2: 'UP' }) }),
    lb: null,
    listeners: { L2: 'OFFLINE' },
  },
  {
    rule: 'disabled LB → OFFLINE even when all is well',
    graph: { enabled: false },
    message: v3({ L1: 'OPEN' }, { 'P1:L1': up({ M1: 'UP', M2: 'UP' }) }),
    lb: 'OFFLINE',
  },
  {
    rule: 'disabled LB stays OFFLINE with a member down (only ONLINE degrades)',
    graph: { enabled: false },
    message: v3({ L1: 'OPEN' }, { 'P1:L1': up({ M1: 'DOWN', M2: 'UP' }) }),
    lb: 'OFFLINE',
    pools: { P1: 'DEGRADED' },
    members: { M1: 'ERROR' },
  },
  {
    rule: 'LB back to ONLINE from ERROR',
    graph: { op: 'ERROR' },
    message: v3({ L1: 'OPEN' }, { 'P1:L1': up({ M1: 'UP', M2: 'UP' }) }),
    lb: 'ONLINE',
  },
  {
    rule: 'ERROR wins over DEGRADED across pools, whatever the order',
    graph: { pools: { P1: { members: { M1: 'ONLINE' } }, P2: { members: { M2: 'ONLINE' } } } },
    message: v3({ L1: 'OPEN' }, { 'P1:L1': up({ M1: 'DOWN' }), 'P2:L1': up({ M2: 'DOWN' }, 'DOWN') }),
    lb: 'ERROR',
    pools: { P1: 'DEGRADED', P2: 'ERROR' },
    members: { M1: 'ERROR', M2: 'ERROR' },
  },
  {
    // listeners are evaluated before pools, so a pool's ERROR overrides a listener's DEGRADED
    rule: 'listener FULL then pool DOWN → LB ERROR',
    message: v3({ L1: 'FULL' }, { 'P1:L1': up({ M1: 'DOWN', M2: 'DOWN' }, 'DOWN') }),
    lb: 'ERROR',
    listeners: { L1: 'DEGRADED' },
    pools: { P1: 'ERROR' },
    members: { M1: 'ERROR', M2: 'ERROR' },
  },
  { rule: 'LB with no listeners and no pools', graph: { listeners: {}, pools: {} }, message: v3({}, {}), lb: null },
  {
    rule: 'v1 (no ver): pools nested in listeners are used, top-level pools ignored',
    message: {
      id: 'AMP',
      seq: null,
      ver: 0,
      pools: { P1: up({ M1: 'UP', M2: 'UP' }) },
      listeners: { L1: { status: 'OPEN', stats, pools: { P1: up({ M1: 'DOWN', M2: 'UP' }) } } },
    },
    lb: 'DEGRADED',
    pools: { P1: 'DEGRADED' },
    members: { M1: 'ERROR' },
  },
  {
    rule: 'v1: a pool reported by a second listener is not OFFLINE',
    graph: { listeners: { L1: {}, L2: {} }, pools: { P1: { op: 'OFFLINE', members: {} } } },
    message: {
      id: 'AMP',
      seq: null,
      ver: 1,
      pools: {},
      listeners: { L1: { status: 'OPEN', stats, pools: {} }, L2: { status: 'OPEN', stats, pools: { P1: up({}) } } },
    },
    lb: null,
    pools: { P1: 'ONLINE' },
  },
];

describe("status roll-up follows Octavia's update_db rules", () => {
  for (const row of ROWS) {
    it(row.rule, () => {
      const out = rollUpStatuses(graph(row.graph), row.message);
      assert.equal(out.loadBalancer, row.lb, 'load balancer');
      assert.deepEqual(Object.fromEntries(out.listeners), row.listeners ?? {}, 'listeners');
      assert.deepEqual(Object.fromEntries(out.pools), row.pools ?? {}, 'pools');
      assert.deepEqual(Object.fromEntries(out.members), row.members ?? {}, 'members');
      assert.equal(out.unknown.length, row.unknown ?? 0, out.unknown.join('; '));
    });
  }
});

describe('health refresh follows the listener count', () => {
  const msg = (n: number) => v3(Object.fromEntries(Array.from({ length: n }, (_, i) => [`L${i + 1}`, 'OPEN'])), {});
  const cases: [string, GraphSpec, number, boolean][] = [
    ['count matches', { listeners: { L1: {}, L2: {} } }, 2, true],
    ['one missing', { listeners: { L1: {}, L2: {} } }, 1, false],
    ['disabled listeners are not expected', { listeners: { L1: {}, L2: { enabled: false } } }, 1, true],
    ['mismatch ignored while PENDING_UPDATE', { prov: 'PENDING_UPDATE', listeners: { L1: {}, L2: {} } }, 0, true],
    ['mismatch ignored on a disabled LB', { enabled: false, listeners: { L1: {} } }, 0, true],
    ['no listeners, none reported', { listeners: {} }, 0, true],
  ];
  for (const [name, spec, reported, refresh] of cases) {
    it(name, () => assert.equal(refreshesHealth(graph(spec), msg(reported)).refresh, refresh));
  }
});

describe('pool keys', () => {
  it('strip the last ":<listener>" only', () => {
    assert.deepEqual([...normalizePoolKeys({ 'a:b': up({}), c: up({}), 'd:e:f': up({}) }).keys()], ['a', 'c', 'd:e']);
  });
});

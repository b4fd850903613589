// Builds one heartbeat (Octavia's message version 3) from the `show stat` rows of every load balancer on the
// amphora. Traffic counters travel as deltas against what the previous heartbeat reported, so the health manager
// can add them up across restarts and failovers; a counter that went backwards (HAProxy restarted) counts from zero.
import type { HeartbeatPool, ListenerStatsDelta } from '../../contracts/heartbeat.js';
import type { StatRow } from './stat-csv.js';

/** listener id → the absolute counters last reported */
export type CounterMemory = Record<string, { bout: number; bin: number; stot: number; ereq: number }>;

export interface HeartbeatBody {
  id: string;
  seq: number;
  /** ours: signed build time, ms since the epoch, strictly increasing (timestamp.ts); Octavia's receivers ignore it */
  ts: number;
  ver: 3;
  listeners: Record<string, { status: string; stats: ListenerStatsDelta }>;
  pools: Record<string, HeartbeatPool>;
}

const num = (v: string | undefined) => {
  const n = Number(v);
  return Number.isFinite(n) ? n : 0;
};

function delta(now: number, before: number | undefined): number {
  if (before === undefined || now < before) return now;
  return now - before;
}

/** Member status as Octavia's sender reports it: UP with weight 0 is DRAIN. */
function memberStatus(row: StatRow): string {
  const status = row.status ?? '';
  if (status.startsWith('UP') && row.weight === '0') return 'DRAIN';
  return status;
}

export function buildHeartbeat(
  amphoraId: string,
  seq: number,
  ts: number,
  rows: readonly StatRow[],
  memory: CounterMemory,
): { body: HeartbeatBody; memory: CounterMemory } {
  const listeners: HeartbeatBody['listeners'] = {};
  const pools: HeartbeatBody['pools'] = {};
  const next: CounterMemory = {};
  for (const row of rows) {
    const px = row.pxname ?? '';
    if (px.includes('prometheus')) continue;
    if (row.svname === 'FRONTEND') {
      const counters = { bout: num(row.bout), bin: num(row.bin), stot: num(row.stot), ereq: num(row.ereq) };
      const before = memory[px];
      listeners[px] = {
        status: row.status ?? '',
        stats: {
          tx: delta(counters.bout, before?.bout),
          rx: delta(counters.bin, before?.bin),
          conns: num(row.scur),
          totconns: delta(counters.stot, before?.stot),
          ereq: delta(counters.ereq, before?.ereq),
        },
      };
      next[px] = counters;
    } else if (row.svname === 'BACKEND') {
      const pool = (pools[px] ??= { status: '', members: {} }) as { status: string; members: Record<string, string> };
      pool.status = row.status ?? '';
    } else if (px.includes(':')) {
      const pool = (pools[px] ??= { status: '', members: {} }) as { status: string; members: Record<string, string> };
      pool.members[row.svname ?? ''] = memberStatus(row);
    }
  }
  return { body: { id: amphoraId, seq, ts, ver: 3, listeners, pools }, memory: next };
}

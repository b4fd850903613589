// listener_statistics rows, one per (listener, amphora), written from heartbeats: version 3 messages carry deltas
// that are added (active_connections replaced), older ones absolute values that replace (Octavia's
// ListenerStatisticsRepository.increment / replace).
import { sql } from 'kysely';
import type { Db } from '../connection.js';
import type { Dialect } from '../url.js';
import { chunks } from './rows.js';

export interface ListenerStatsRow {
  readonly listener_id: string;
  readonly amphora_id: string;
  readonly bytes_in: number;
  readonly bytes_out: number;
  readonly active_connections: number;
  readonly total_connections: number;
  readonly request_errors: number;
}

const COUNTERS = ['bytes_in', 'bytes_out', 'total_connections', 'request_errors'] as const;

export async function recordListenerStats(tx: Db, dialect: Dialect, rows: readonly ListenerStatsRow[], mode: 'add' | 'replace'): Promise<void> {
  // sorted by the primary key so that concurrent writers lock rows in one order
  const sorted = [...rows].sort((a, b) => (a.listener_id + a.amphora_id < b.listener_id + b.amphora_id ? -1 : 1));
  for (const batch of chunks(sorted, 200)) {
    const insert = tx.insertInto('listener_statistics').values(batch.map((r) => ({ ...r })));
    if (dialect === 'mysql') {
      const set: Record<string, unknown> = { active_connections: sql`VALUES(active_connections)` };
      for (const c of COUNTERS) set[c] = mode === 'add' ? sql`${sql.ref(c)} + VALUES(${sql.ref(c)})` : sql`VALUES(${sql.ref(c)})`;
      await insert.onDuplicateKeyUpdate(set).execute();
    } else {
      const set: Record<string, unknown> = { active_connections: sql.ref('excluded.active_connections') };
      for (const c of COUNTERS) {
        set[c] = mode === 'add' ? sql`${sql.ref(`listener_statistics.${c}`)} + ${sql.ref(`excluded.${c}`)}` : sql.ref(`excluded.${c}`);
      }
      await insert.onConflict((oc) => oc.columns(['listener_id', 'amphora_id']).doUpdateSet(set)).execute();
    }
  }
}

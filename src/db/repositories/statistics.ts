// listener_statistics rows, one per (listener, amphora), written from heartbeats: version 3 messages carry deltas
// that are added (active_connections replaced), older ones absolute values that replace (Octavia's
// ListenerStatisticsRepository.increment / replace).
import type { ExpressionBuilder, OnConflictTables, OnConflictUpdateDatabase, UpdateObject } from 'kysely';
import type { Db } from '../connection.js';
import type { Database, ListenerStatisticsRow } from '../schema.js';
import type { Dialect } from '../url.js';
import { chunks } from './rows.js';

export type ListenerStatsRow = Readonly<ListenerStatisticsRow>;

const COUNTERS = ['bytes_in', 'bytes_out', 'total_connections', 'request_errors'] as const;
type Counter = (typeof COUNTERS)[number];
/** What an ON CONFLICT update sees: the tables, and the row that was refused as `excluded`. */
type UpsertDatabase = OnConflictUpdateDatabase<Database, 'listener_statistics'>;

export async function recordListenerStats(tx: Db, dialect: Dialect, rows: readonly ListenerStatsRow[], mode: 'add' | 'replace'): Promise<void> {
  // sorted by the primary key so that concurrent writers lock rows in one order
  const sorted = [...rows].sort((a, b) => (a.listener_id + a.amphora_id < b.listener_id + b.amphora_id ? -1 : 1));
  for (const batch of chunks(sorted, 200)) {
    const insert = tx.insertInto('listener_statistics').values(batch.map((r) => ({ ...r })));
    if (dialect === 'mysql') {
      await insert
        .onDuplicateKeyUpdate((eb) => {
          // VALUES(column): the value the refused row carried
          const sent = (c: 'active_connections' | Counter) => eb.fn<number>('VALUES', [eb.ref(c)]);
          const set: UpdateObject<Database, 'listener_statistics'> = { active_connections: sent('active_connections') };
          for (const c of COUNTERS) set[c] = mode === 'add' ? eb(c, '+', sent(c)) : sent(c);
          return set;
        })
        .execute();
    } else {
      const update = (eb: ExpressionBuilder<UpsertDatabase, OnConflictTables<'listener_statistics'>>) => {
        const set: UpdateObject<UpsertDatabase, OnConflictTables<'listener_statistics'>> = {
          active_connections: eb.ref('excluded.active_connections'),
        };
        for (const c of COUNTERS) set[c] = mode === 'add' ? eb(`listener_statistics.${c}`, '+', eb.ref(`excluded.${c}`)) : eb.ref(`excluded.${c}`);
        return set;
      };
      await insert.onConflict((oc) => oc.columns(['listener_id', 'amphora_id']).doUpdateSet(update)).execute();
    }
  }
}

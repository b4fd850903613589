// listener_statistics rows, one per (listener, amphora), written from heartbeats: version 3 messages carry deltas
// that are added (active_connections replaced), older ones absolute values that replace (Octavia's
// ListenerStatisticsRepository.increment / replace).
import { type ExpressionBuilder, type OnConflictTables, type OnConflictUpdateDatabase, sql, type UpdateObject } from 'kysely';
import type { Db } from '../connection.js';
import type { Database, ListenerStatisticsRow } from '../schema.js';
import type { Dialect } from '../url.js';
import { chunks } from './rows.js';

export type ListenerStatsRow = Readonly<ListenerStatisticsRow>;

const COUNTERS = ['bytes_in', 'bytes_out', 'total_connections', 'request_errors'] as const;
type Counter = (typeof COUNTERS)[number];
/** What an ON CONFLICT update sees: the tables, and the row that was refused as `excluded`. */
type UpsertDatabase = OnConflictUpdateDatabase<Database, 'listener_statistics'>;

export async function recordListenerStats(
  tx: Db,
  dialect: Dialect,
  rows: readonly ListenerStatsRow[],
  mode: 'add' | 'replace',
): Promise<void> {
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
        for (const c of COUNTERS)
          set[c] = mode === 'add' ? eb(`listener_statistics.${c}`, '+', eb.ref(`excluded.${c}`)) : eb.ref(`excluded.${c}`);
        return set;
      };
      await insert.onConflict((oc) => oc.columns(['listener_id', 'amphora_id']).doUpdateSet(update)).execute();
    }
  }
}

export interface ListenerStatsTotals {
  bytes_in: number;
  bytes_out: number;
  active_connections: number;
  total_connections: number;
  request_errors: number;
}

/**
 * Sums listener_statistics over every amphora of the given listeners (all zeros when nothing reported). Totals keep
 * what replaced amphorae counted; active connections only count on amphorae still serving (ALLOCATED), as Octavia.
 */
export async function listenerStats(db: Db, listenerIds: readonly string[]): Promise<ListenerStatsTotals> {
  const zero: ListenerStatsTotals = { bytes_in: 0, bytes_out: 0, active_connections: 0, total_connections: 0, request_errors: 0 };
  if (listenerIds.length === 0) return zero;
  const row = await db
    .selectFrom('listener_statistics as s')
    .leftJoin('amphora as a', 'a.id', 's.amphora_id')
    .select((eb) => [
      eb.fn.sum<number>('s.bytes_in').as('bytes_in'),
      eb.fn.sum<number>('s.bytes_out').as('bytes_out'),
      eb.fn.sum<number>(sql`case when a.status = 'ALLOCATED' then s.active_connections else 0 end`).as('active_connections'),
      eb.fn.sum<number>('s.total_connections').as('total_connections'),
      eb.fn.sum<number>('s.request_errors').as('request_errors'),
    ])
    .where('s.listener_id', 'in', [...listenerIds])
    .executeTakeFirst();
  if (!row) return zero;
  return {
    bytes_in: Number(row.bytes_in ?? 0),
    bytes_out: Number(row.bytes_out ?? 0),
    active_connections: Number(row.active_connections ?? 0),
    total_connections: Number(row.total_connections ?? 0),
    request_errors: Number(row.request_errors ?? 0),
  };
}

/** An amphora's row per listener it reported, with the listener's load balancer; counters as numbers. */
export async function amphoraListenerStats(db: Db, amphoraId: string): Promise<(ListenerStatsRow & { load_balancer_id: string })[]> {
  const rows = await db
    .selectFrom('listener_statistics')
    .innerJoin('listener', 'listener.id', 'listener_statistics.listener_id')
    .select([
      'listener_statistics.amphora_id',
      'listener.load_balancer_id',
      'listener_statistics.listener_id',
      'listener_statistics.active_connections',
      'listener_statistics.bytes_in',
      'listener_statistics.bytes_out',
      'listener_statistics.request_errors',
      'listener_statistics.total_connections',
    ])
    .where('listener_statistics.amphora_id', '=', amphoraId)
    .execute();
  return rows.map((r) => ({
    ...r,
    active_connections: Number(r.active_connections),
    bytes_in: Number(r.bytes_in),
    bytes_out: Number(r.bytes_out),
    request_errors: Number(r.request_errors),
    total_connections: Number(r.total_connections),
  }));
}

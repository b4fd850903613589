import { sql } from 'kysely';
import type { Db } from '../../../db/connection.js';

export interface Stats {
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
export async function listenerStats(db: Db, listenerIds: readonly string[]): Promise<Stats> {
  const zero: Stats = { bytes_in: 0, bytes_out: 0, active_connections: 0, total_connections: 0, request_errors: 0 };
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

// The health manager's reads and writes: the status graph a heartbeat is compared with (Octavia's
// get_lb_for_health_update, in three index-only queries for a whole batch instead of one cartesian join per
// heartbeat), amphora_health refreshes, operating-status writes, and the stale-amphora queries of the failover scan.
import { sql } from 'kysely';
import { nowTimestamp } from '../../common/time.js';
import type { Db } from '../connection.js';
import type { HealthGraph, PoolGraph } from '../health-graph.js';
import type { AmphoraRow } from '../schema.js';
import type { Dialect } from '../url.js';
import { chunks, fromFlag } from './rows.js';

export interface AmphoraHealthContext {
  readonly amphoraId: string;
  readonly status: string;
  /** null: no load balancer, or a DELETED one (spare or zombie amphora) */
  readonly loadBalancerId: string | null;
}

export interface HealthGraphs {
  /** amphorae that exist (any status); ids absent here are unknown */
  readonly amphorae: Map<string, AmphoraHealthContext>;
  /** by load balancer id */
  readonly graphs: Map<string, HealthGraph>;
}

export async function loadHealthGraphs(db: Db, amphoraIds: readonly string[]): Promise<HealthGraphs> {
  const amphorae = new Map<string, AmphoraHealthContext>();
  const lbs = new Map<string, { enabled: boolean; provisioningStatus: string; operatingStatus: string }>();
  for (const ids of chunks(amphoraIds)) {
    const rows = await db
      .selectFrom('amphora')
      .leftJoin('load_balancer as lb', (j) =>
        j.onRef('lb.id', '=', 'amphora.load_balancer_id').on('lb.provisioning_status', '!=', 'DELETED'),
      )
      .select(['amphora.id', 'amphora.status', 'lb.id as lb_id', 'lb.enabled', 'lb.provisioning_status', 'lb.operating_status'])
      .where('amphora.id', 'in', ids)
      .execute();
    for (const r of rows) {
      const lbId = r.status === 'DELETED' ? null : r.lb_id;
      amphorae.set(r.id, { amphoraId: r.id, status: r.status, loadBalancerId: lbId });
      if (lbId)
        lbs.set(lbId, {
          enabled: fromFlag(r.enabled),
          provisioningStatus: r.provisioning_status ?? '',
          operatingStatus: r.operating_status ?? '',
        });
    }
  }
  const graphs = new Map<string, HealthGraph>();
  const listeners = new Map<string, Map<string, { operatingStatus: string; enabled: boolean }>>();
  const pools = new Map<string, Map<string, PoolGraph & { members: Map<string, { operatingStatus: string }> }>>();
  for (const ids of chunks([...lbs.keys()])) {
    const listenerRows = await db
      .selectFrom('listener')
      .select(['id', 'load_balancer_id', 'operating_status', 'enabled'])
      .where('load_balancer_id', 'in', ids)
      .where('provisioning_status', '!=', 'DELETED')
      .execute();
    for (const r of listenerRows) {
      let byId = listeners.get(r.load_balancer_id);
      if (!byId) listeners.set(r.load_balancer_id, (byId = new Map()));
      byId.set(r.id, { operatingStatus: r.operating_status, enabled: fromFlag(r.enabled) });
    }
    const poolRows = await db
      .selectFrom('pool')
      .leftJoin('member', (j) => j.onRef('member.pool_id', '=', 'pool.id').on('member.provisioning_status', '!=', 'DELETED'))
      .select([
        'pool.id',
        'pool.load_balancer_id',
        'pool.operating_status',
        'member.id as member_id',
        'member.operating_status as member_status',
      ])
      .where('pool.load_balancer_id', 'in', ids)
      .where('pool.provisioning_status', '!=', 'DELETED')
      .orderBy('pool.id')
      .execute();
    for (const r of poolRows) {
      if (!r.load_balancer_id) continue;
      let byId = pools.get(r.load_balancer_id);
      if (!byId) pools.set(r.load_balancer_id, (byId = new Map()));
      let pool = byId.get(r.id);
      if (!pool) byId.set(r.id, (pool = { operatingStatus: r.operating_status, members: new Map() }));
      if (r.member_id) pool.members.set(r.member_id, { operatingStatus: r.member_status ?? '' });
    }
  }
  for (const [id, lb] of lbs) {
    graphs.set(id, { id, ...lb, listeners: listeners.get(id) ?? new Map(), pools: pools.get(id) ?? new Map() });
  }
  return { amphorae, graphs };
}

/** Octavia's AmphoraHealthRepository.replace: last_update = now; a new row starts not busy, busy is never touched. */
export async function refreshAmphoraHealth(tx: Db, dialect: Dialect, amphoraIds: readonly string[], now = nowTimestamp()): Promise<void> {
  // sorted: concurrent health managers then lock rows in one order and cannot deadlock each other
  for (const ids of chunks([...amphoraIds].sort())) {
    const insert = tx.insertInto('amphora_health').values(ids.map((id) => ({ amphora_id: id, last_update: now, busy: 0 })));
    if (dialect === 'mysql') await insert.onDuplicateKeyUpdate({ last_update: sql`VALUES(last_update)` }).execute();
    else await insert.onConflict((oc) => oc.column('amphora_id').doUpdateSet({ last_update: sql.ref('excluded.last_update') })).execute();
  }
}

export type OperatingStatusTable = 'load_balancer' | 'listener' | 'pool' | 'member';

/** One UPDATE per (table, status) for all its ids; updated_at moves as it does in Octavia (onupdate=now). */
export async function writeOperatingStatuses(tx: Db, table: OperatingStatusTable, statuses: ReadonlyMap<string, string>): Promise<void> {
  const byStatus = new Map<string, string[]>();
  for (const [id, status] of statuses) {
    const ids = byStatus.get(status);
    if (ids) ids.push(id);
    else byStatus.set(status, [id]);
  }
  const now = nowTimestamp();
  for (const [status, allIds] of byStatus) {
    for (const ids of chunks(allIds.sort())) {
      await tx.updateTable(table).set({ operating_status: status, updated_at: now }).where('id', 'in', ids).execute();
    }
  }
}

// ---- failover scan ----

const FAILOVER_CANDIDATE_STATUSES = ['ALLOCATED', 'FAILOVER_STOPPED'];

/** Stale health rows not already being worked on (Octavia counts these against failover_threshold). */
export async function countStaleAmphorae(db: Db, cutoff: string): Promise<number> {
  const row = await db
    .selectFrom('amphora_health')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('busy', '=', 0)
    .where('last_update', '<', cutoff)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Threshold reached: every stale amphora (not being deleted) becomes FAILOVER_STOPPED; returns how many changed. */
export async function stopFailoverOfStale(db: Db, cutoff: string): Promise<number> {
  const result = await db
    .updateTable('amphora')
    .set({ status: 'FAILOVER_STOPPED', updated_at: nowTimestamp() })
    .where('status', 'not in', ['DELETED', 'PENDING_DELETE', 'FAILOVER_STOPPED'])
    .where('id', 'in', (eb) => eb.selectFrom('amphora_health').select('amphora_id').where('busy', '=', 0).where('last_update', '<', cutoff))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** FAILOVER_STOPPED amphorae that heartbeat again go back to ALLOCATED (Octavia's update_failover_stopped). */
export async function restoreFailoverStopped(db: Db, cutoff: string): Promise<number> {
  const result = await db
    .updateTable('amphora')
    .set({ status: 'ALLOCATED', updated_at: nowTimestamp() })
    .where('status', '=', 'FAILOVER_STOPPED')
    .where('id', 'in', (eb) => eb.selectFrom('amphora_health').select('amphora_id').where('last_update', '>=', cutoff))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export type StaleAmphora = Readonly<Pick<AmphoraRow, 'id' | 'load_balancer_id' | 'role'>>;

/** Stale, not busy, ALLOCATED (or FAILOVER_STOPPED) amphorae whose load balancer can be failed over now. */
export async function findStaleAmphorae(db: Db, cutoff: string, limit: number): Promise<StaleAmphora[]> {
  return db
    .selectFrom('amphora_health as h')
    .innerJoin('amphora as a', 'a.id', 'h.amphora_id')
    .leftJoin('load_balancer as lb', 'lb.id', 'a.load_balancer_id')
    .select(['a.id', 'a.load_balancer_id', 'a.role'])
    .where('h.busy', '=', 0)
    .where('h.last_update', '<', cutoff)
    .where('a.status', 'in', FAILOVER_CANDIDATE_STATUSES)
    .where((eb) => eb.or([eb('lb.id', 'is', null), eb('lb.provisioning_status', 'in', ['ACTIVE', 'ERROR'])]))
    .orderBy('h.last_update')
    .orderBy('h.amphora_id')
    .limit(limit)
    .execute();
}

/**
 * The claim: busy 0 → 1 on a row that is still stale, as one conditional UPDATE. On PostgreSQL/MariaDB a second
 * health manager blocks on the row, re-reads busy = 1 and updates nothing, so one amphora is failed over once.
 */
export async function claimStaleAmphora(tx: Db, amphoraId: string, cutoff: string): Promise<boolean> {
  const result = await tx
    .updateTable('amphora_health')
    .set({ busy: 1 })
    .where('amphora_id', '=', amphoraId)
    .where('busy', '=', 0)
    .where('last_update', '<', cutoff)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

const EPOCH = '1970-01-01T00:00:00.000000';

/**
 * The ALLOCATED amphora of an instance that exited gets the epoch as its last heartbeat (unless a flow holds it
 * busy), so the next failover scan replaces it; its id, or null when the instance's amphora is not ALLOCATED.
 */
export async function markExitedAmphoraStale(db: Db, computeId: string): Promise<string | null> {
  const amp = await db.selectFrom('amphora').select(['id', 'status']).where('compute_id', '=', computeId).executeTakeFirst();
  if (amp?.status !== 'ALLOCATED') return null;
  await db.updateTable('amphora_health').set({ last_update: EPOCH }).where('amphora_id', '=', amp.id).where('busy', '=', 0).execute();
  return amp.id;
}

// Per-project quota records (Octavia's quotas table): limits (null = use the configured default) and in-use
// counters, plus the row lock and live counts the create paths use to enforce them.
import { sql } from 'kysely';
import type { Db } from '../connection.js';
import { QUOTA_RESOURCES, type QuotaResource, type QuotasTable } from '../schema.js';
import type { Dialect } from '../url.js';

export type QuotaRecord = QuotasTable;
export type QuotaLimits = Pick<QuotasTable, QuotaResource>;

export async function getQuotaRecord(db: Db, projectId: string): Promise<QuotaRecord | undefined> {
  return db.selectFrom('quotas').selectAll().where('project_id', '=', projectId).executeTakeFirst();
}

/** The records of these projects, in the order given (the list call's page). */
export async function loadQuotaRecords(db: Db, projectIds: readonly string[]): Promise<QuotaRecord[]> {
  if (projectIds.length === 0) return [];
  const rows = await db
    .selectFrom('quotas')
    .selectAll()
    .where('project_id', 'in', [...projectIds])
    .execute();
  const byProject = new Map(rows.map((r) => [r.project_id, r]));
  return projectIds.map((id) => byProject.get(id)).filter((r): r is QuotaRecord => r !== undefined);
}

const emptyRecord = (projectId: string): QuotaRecord => {
  const record: Record<string, string | null> = { project_id: projectId };
  for (const r of QUOTA_RESOURCES) {
    record[r] = null;
    record[`in_use_${r}`] = null;
  }
  return record as unknown as QuotaRecord;
};

/**
 * Creates the project's record if missing and takes its row lock for the rest of the transaction. The upsert itself
 * takes an exclusive lock on both servers (a plain insert-or-ignore would take a shared lock and deadlock racing
 * creators when they upgrade it); SQLite serializes transactions anyway.
 */
export async function lockQuotaRecord(tx: Db, dialect: Dialect, projectId: string): Promise<QuotaRecord> {
  const insert = tx.insertInto('quotas').values(emptyRecord(projectId));
  if (dialect === 'mysql') {
    await insert.onDuplicateKeyUpdate({ project_id: sql`project_id` }).execute();
  } else {
    await insert.onConflict((oc) => oc.column('project_id').doUpdateSet({ project_id: sql.ref('excluded.project_id') })).execute();
  }
  let select = tx.selectFrom('quotas').selectAll().where('project_id', '=', projectId);
  if (dialect !== 'sqlite') select = select.forUpdate();
  return select.executeTakeFirstOrThrow();
}

/** Objects of one kind the project holds now (everything not DELETED), as Octavia counts them. */
export async function countLive(tx: Db, resource: QuotaResource, projectId: string): Promise<number> {
  const row = await tx
    .selectFrom(resource)
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('project_id', '=', projectId)
    .where('provisioning_status', '<>', 'DELETED')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function setInUse(tx: Db, projectId: string, resource: QuotaResource, inUse: number): Promise<void> {
  await tx
    .updateTable('quotas')
    .set({ [`in_use_${resource}`]: inUse } as never)
    .where('project_id', '=', projectId)
    .execute();
}

/** Upsert of the limits named in `changes` (null = back to the default); other limits are untouched. */
export async function updateQuotaLimits(db: Db, dialect: Dialect, projectId: string, changes: Partial<QuotaLimits>): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await lockQuotaRecord(tx, dialect, projectId);
    if (Object.keys(changes).length > 0) {
      await tx.updateTable('quotas').set(changes).where('project_id', '=', projectId).execute();
    }
  });
}

/** Sets every limit back to the default; false when the project has no record. */
export async function resetQuotaLimits(db: Db, projectId: string): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    if (!(await getQuotaRecord(tx, projectId))) return false;
    const nulls = Object.fromEntries(QUOTA_RESOURCES.map((r) => [r, null])) as QuotaLimits;
    await tx.updateTable('quotas').set(nulls).where('project_id', '=', projectId).execute();
    return true;
  });
}

type Owned = 'load_balancer' | 'listener' | 'pool' | 'member' | 'health_monitor' | 'l7policy' | 'l7rule';

/**
 * The projects owning `ids` of `table`. Read before the deleting transaction begins: on MariaDB the first read of a
 * transaction fixes its snapshot, which must come after the quota row locks for the recount to see every create.
 */
export async function projectsOwning(db: Db, table: Owned, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom(table)
    .select('project_id')
    .distinct()
    .where('id', 'in', [...ids])
    .execute();
  return rows.flatMap((r) => (r.project_id ? [r.project_id] : []));
}

/**
 * A transaction that deletes objects of `projects` and leaves their quota usage counters equal to what they hold
 * (Octavia decrements them as objects go). The quota rows are locked first, in the order the create paths lock
 * (quota row, then the load balancer), so a concurrent create and delete of one project queue instead of
 * deadlocking, and the recount after `fn` sees every create committed before (the transaction's first plain read
 * comes after the lock, so even MariaDB's snapshot does). A no-op UPDATE is the lock: it locks
 * the row on PostgreSQL and MariaDB and takes SQLite's write lock, with one statement on every dialect.
 */
export async function withQuotaRecount<T>(db: Db, projects: readonly string[], fn: (tx: Db) => Promise<T>): Promise<T> {
  const ids = [...new Set(projects)].sort();
  return db.transaction().execute(async (tx) => {
    if (ids.length > 0) await tx.updateTable('quotas').set({ project_id: sql`project_id` }).where('project_id', 'in', ids).execute();
    const result = await fn(tx);
    for (const projectId of ids) {
      // plain reads, no locks: on MariaDB a count inside the UPDATE would be a locking read over the project's rows
      // and deadlock with flows marking its other load balancers; the quota lock already keeps every create out
      const counts: Record<string, number> = {};
      for (const r of QUOTA_RESOURCES) counts[`in_use_${r}`] = await countLive(tx, r, projectId);
      await tx.updateTable('quotas').set(counts).where('project_id', '=', projectId).execute();
    }
    return result;
  });
}

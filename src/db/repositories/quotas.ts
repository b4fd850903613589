// Per-project quota records (Octavia's quotas table): limits (null = use the configured default) and in-use
// counters, plus the row lock and live counts the create paths use to enforce them.
import { sql } from 'kysely';
import type { Db } from '../connection.js';
import { QUOTA_RESOURCES, type QuotaResource, type QuotasTable } from '../schema.js';
import type { Dialect } from '../url.js';

export type QuotaRecord = QuotasTable;
export type QuotaLimits = { [K in QuotaResource]: number | null };

export async function getQuotaRecord(db: Db, projectId: string): Promise<QuotaRecord | undefined> {
  return db.selectFrom('quotas').selectAll().where('project_id', '=', projectId).executeTakeFirst();
}

export async function listQuotaRecords(db: Db, projectId: string | null): Promise<QuotaRecord[]> {
  let qb = db.selectFrom('quotas').selectAll().orderBy('project_id');
  if (projectId !== null) qb = qb.where('project_id', '=', projectId);
  return qb.execute();
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
  await tx.updateTable('quotas').set({ [`in_use_${resource}`]: inUse } as never).where('project_id', '=', projectId).execute();
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

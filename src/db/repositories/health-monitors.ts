import { nowTimestamp } from '../../common/time.js';
import type { Db } from '../connection.js';
import type { HealthMonitor } from '../models.js';
import type { HealthMonitorRow, HealthMonitorTable, Updateable } from '../schema.js';
import { chunks, fromFlag, type OnlyColumns, toFlag } from './rows.js';
import { deleteTags, loadTags, replaceTags } from './tags.js';

export type NewHealthMonitor = Omit<HealthMonitor, 'created_at' | 'updated_at' | 'provisioning_status' | 'operating_status'>;
export type HealthMonitorChanges = Partial<Omit<NewHealthMonitor, 'id' | 'project_id' | 'pool_id' | 'type'>>;

export async function loadHealthMonitors(db: Db, ids: readonly string[]): Promise<HealthMonitor[]> {
  if (ids.length === 0) return [];
  const rows: HealthMonitorRow[] = [];
  for (const part of chunks(ids)) {
    rows.push(...(await db.selectFrom('health_monitor').selectAll().where('id', 'in', part).execute()));
  }
  const tags = await loadTags(db, ids);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    return r ? [{ ...r, enabled: fromFlag(r.enabled), tags: tags.get(id) ?? [] }] : [];
  });
}

export async function getHealthMonitor(db: Db, id: string): Promise<HealthMonitor | null> {
  return (await loadHealthMonitors(db, [id]))[0] ?? null;
}

export async function insertHealthMonitor(db: Db, hm: NewHealthMonitor): Promise<void> {
  const { tags, enabled, ...plain } = hm;
  await db
    .insertInto('health_monitor')
    .values({
      ...plain,
      enabled: toFlag(enabled),
      provisioning_status: 'PENDING_CREATE',
      operating_status: 'OFFLINE',
      created_at: nowTimestamp(),
      updated_at: null,
    })
    .execute();
  if (tags.length > 0) await replaceTags(db, hm.id, tags);
}

export async function updateHealthMonitor(db: Db, id: string, changes: HealthMonitorChanges): Promise<void> {
  const { tags, enabled, ...plain } = changes;
  const set: Updateable<HealthMonitorTable> = {
    ...(plain satisfies OnlyColumns<typeof plain, HealthMonitorTable>),
    updated_at: nowTimestamp(),
  };
  if (enabled !== undefined) set.enabled = toFlag(enabled);
  await db.updateTable('health_monitor').set(set).where('id', '=', id).execute();
  if (tags !== undefined) await replaceTags(db, id, tags);
}

/** Deleting a monitor leaves its pool's members unmonitored: they become NO_MONITOR, as in Octavia. */
export async function deleteHealthMonitor(db: Db, id: string): Promise<void> {
  const row = await db.selectFrom('health_monitor').select('pool_id').where('id', '=', id).executeTakeFirst();
  await deleteTags(db, [id]);
  await db.deleteFrom('health_monitor').where('id', '=', id).execute();
  if (row) await db.updateTable('member').set({ operating_status: 'NO_MONITOR' }).where('pool_id', '=', row.pool_id).execute();
}

import { nowTimestamp } from '../../common/time.js';
import type { Db } from '../connection.js';
import type { L7Policy } from '../models.js';
import type { L7PolicyRow, L7PolicyTable, Updateable } from '../schema.js';
import { chunks, fromFlag, groupBy, type OnlyColumns, toFlag } from './rows.js';
import { deleteL7Rules } from './l7rules.js';
import { deleteTags, loadTags, replaceTags } from './tags.js';

export type NewL7Policy = Omit<L7Policy, 'created_at' | 'updated_at' | 'rule_ids' | 'provisioning_status' | 'operating_status'>;
export type L7PolicyChanges = Partial<Omit<NewL7Policy, 'id' | 'project_id' | 'listener_id'>>;

export async function loadL7Policies(db: Db, ids: readonly string[]): Promise<L7Policy[]> {
  if (ids.length === 0) return [];
  const rows: L7PolicyRow[] = [];
  const rules: { id: string; l7policy_id: string }[] = [];
  for (const part of chunks(ids)) {
    rows.push(...(await db.selectFrom('l7policy').selectAll().where('id', 'in', part).execute()));
    rules.push(
      ...(await db
        .selectFrom('l7rule')
        .select(['id', 'l7policy_id'])
        .where('l7policy_id', 'in', part)
        .orderBy('created_at')
        .orderBy('id')
        .execute()),
    );
  }
  const tags = await loadTags(db, ids);
  const rulesBy = groupBy(rules, (r) => r.l7policy_id);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const out: L7Policy[] = [];
  for (const id of ids) {
    const r = byId.get(id);
    if (!r) continue;
    out.push({
      ...r,
      enabled: fromFlag(r.enabled),
      rule_ids: (rulesBy.get(id) ?? []).map((x) => x.id),
      tags: tags.get(id) ?? [],
    });
  }
  return out;
}

export async function getL7Policy(db: Db, id: string): Promise<L7Policy | null> {
  return (await loadL7Policies(db, [id]))[0] ?? null;
}

export async function l7PolicyIdsOfListener(db: Db, listenerId: string): Promise<string[]> {
  const rows = await db.selectFrom('l7policy').select('id').where('listener_id', '=', listenerId).orderBy('position').execute();
  return rows.map((r) => r.id);
}

/** A policy redirecting to the pool (whatever its action and rules), or null. */
export async function l7PolicyIdRedirectingTo(db: Db, poolId: string): Promise<string | null> {
  const row = await db.selectFrom('l7policy').select('id').where('redirect_pool_id', '=', poolId).executeTakeFirst();
  return row?.id ?? null;
}

/**
 * Inserts a policy at `position` (1-based), shifting later policies down; a position past the end appends.
 * Positions stay dense, as in Octavia.
 */
export async function insertL7Policy(db: Db, p: NewL7Policy): Promise<number> {
  const count = await policyCount(db, p.listener_id);
  const position = Math.min(p.position, count + 1);
  await db
    .updateTable('l7policy')
    .set((eb) => ({ position: eb('position', '+', 1) }))
    .where('listener_id', '=', p.listener_id)
    .where('position', '>=', position)
    .execute();
  await db
    .insertInto('l7policy')
    .values({
      id: p.id,
      project_id: p.project_id,
      name: p.name,
      description: p.description,
      listener_id: p.listener_id,
      action: p.action,
      redirect_pool_id: p.redirect_pool_id,
      redirect_url: p.redirect_url,
      redirect_prefix: p.redirect_prefix,
      redirect_http_code: p.redirect_http_code,
      position,
      enabled: toFlag(p.enabled),
      provisioning_status: 'PENDING_CREATE',
      operating_status: 'OFFLINE',
      created_at: nowTimestamp(),
      updated_at: null,
    })
    .execute();
  if (p.tags.length > 0) await replaceTags(db, p.id, p.tags);
  return position;
}

export async function updateL7Policy(db: Db, id: string, changes: L7PolicyChanges): Promise<void> {
  const { tags, enabled, position, ...plain } = changes;
  const set: Updateable<L7PolicyTable> = { ...(plain satisfies OnlyColumns<typeof plain, L7PolicyTable>), updated_at: nowTimestamp() };
  if (enabled !== undefined) set.enabled = toFlag(enabled);
  await db.updateTable('l7policy').set(set).where('id', '=', id).execute();
  if (position !== undefined) await movePolicy(db, id, position);
  if (tags !== undefined) await replaceTags(db, id, tags);
}

async function policyCount(db: Db, listenerId: string): Promise<number> {
  const row = await db
    .selectFrom('l7policy')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('listener_id', '=', listenerId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function movePolicy(db: Db, id: string, wanted: number): Promise<void> {
  const row = await db.selectFrom('l7policy').select(['listener_id']).where('id', '=', id).executeTakeFirstOrThrow();
  const ordered = await db.selectFrom('l7policy').select('id').where('listener_id', '=', row.listener_id).orderBy('position').execute();
  const others = ordered.map((r) => r.id).filter((x) => x !== id);
  others.splice(Math.min(wanted, others.length + 1) - 1, 0, id);
  await renumber(db, others);
}

async function renumber(db: Db, orderedIds: readonly string[]): Promise<void> {
  for (const [i, pid] of orderedIds.entries()) {
    await db
      .updateTable('l7policy')
      .set({ position: i + 1 })
      .where('id', '=', pid)
      .execute();
  }
}

/** Deletes policies with their rules and closes the gaps in the remaining positions. */
export async function deleteL7Policies(db: Db, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const listeners = await db
    .selectFrom('l7policy')
    .select('listener_id')
    .distinct()
    .where('id', 'in', [...ids])
    .execute();
  const rules = await db
    .selectFrom('l7rule')
    .select('id')
    .where('l7policy_id', 'in', [...ids])
    .execute();
  await deleteL7Rules(
    db,
    rules.map((r) => r.id),
  );
  await deleteTags(db, ids);
  await db
    .deleteFrom('l7policy')
    .where('id', 'in', [...ids])
    .execute();
  for (const { listener_id } of listeners) {
    const remaining = await db.selectFrom('l7policy').select('id').where('listener_id', '=', listener_id).orderBy('position').execute();
    await renumber(
      db,
      remaining.map((r) => r.id),
    );
  }
}

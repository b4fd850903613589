import { type RawBuilder, sql } from 'kysely';
import { nowTimestamp } from '../../common/time.js';
import type { Db } from '../connection.js';
import type { L7Rule } from '../models.js';
import type { L7RuleRow, L7RuleTable, Updateable } from '../schema.js';
import { chunks, fromFlag, type OnlyColumns, toFlag } from './rows.js';
import { deleteTags, loadTags, replaceTags } from './tags.js';

export type NewL7Rule = Omit<L7Rule, 'created_at' | 'updated_at' | 'provisioning_status' | 'operating_status'>;
export type L7RuleChanges = Partial<Omit<NewL7Rule, 'id' | 'project_id' | 'l7policy_id'>>;

export async function loadL7Rules(db: Db, ids: readonly string[]): Promise<L7Rule[]> {
  if (ids.length === 0) return [];
  const rows: L7RuleRow[] = [];
  for (const part of chunks(ids)) rows.push(...(await db.selectFrom('l7rule').selectAll().where('id', 'in', part).execute()));
  const tags = await loadTags(db, ids);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const out: L7Rule[] = [];
  for (const id of ids) {
    const r = byId.get(id);
    if (r) out.push({ ...r, invert: fromFlag(r.invert), enabled: fromFlag(r.enabled), tags: tags.get(id) ?? [] });
  }
  return out;
}

export async function getL7Rule(db: Db, id: string): Promise<L7Rule | null> {
  return (await loadL7Rules(db, [id]))[0] ?? null;
}

export async function countL7Rules(db: Db, policyId: string): Promise<number> {
  const row = await db
    .selectFrom('l7rule')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('l7policy_id', '=', policyId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The list condition of a policy's rule collection (/l7policies/{l7policy_id}/rules). */
export const l7RulesOfPolicyFilter = (policyId: string): RawBuilder<unknown> => sql`l7rule.l7policy_id = ${policyId}`;

export async function insertL7Rule(db: Db, r: NewL7Rule): Promise<void> {
  const { tags, invert, enabled, ...plain } = r;
  await db
    .insertInto('l7rule')
    .values({
      ...plain,
      invert: toFlag(invert),
      enabled: toFlag(enabled),
      provisioning_status: 'PENDING_CREATE',
      operating_status: 'OFFLINE',
      created_at: nowTimestamp(),
      updated_at: null,
    })
    .execute();
  if (tags.length > 0) await replaceTags(db, r.id, tags);
}

export async function updateL7Rule(db: Db, id: string, changes: L7RuleChanges): Promise<void> {
  const { tags, invert, enabled, ...plain } = changes;
  const set: Updateable<L7RuleTable> = { ...(plain satisfies OnlyColumns<typeof plain, L7RuleTable>), updated_at: nowTimestamp() };
  if (invert !== undefined) set.invert = toFlag(invert);
  if (enabled !== undefined) set.enabled = toFlag(enabled);
  await db.updateTable('l7rule').set(set).where('id', '=', id).execute();
  if (tags !== undefined) await replaceTags(db, id, tags);
}

export async function deleteL7Rules(db: Db, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await deleteTags(db, ids);
  await db
    .deleteFrom('l7rule')
    .where('id', 'in', [...ids])
    .execute();
}

import { type RawBuilder, sql } from 'kysely';
import { nowTimestamp } from '../../common/time.js';
import type { Db } from '../connection.js';
import type { Member } from '../models.js';
import type { MemberRow, MemberTable, Updateable } from '../schema.js';
import { chunks, fromFlag, type OnlyColumns, toFlag } from './rows.js';
import { deleteTags, loadTags, replaceTags } from './tags.js';

export type NewMember = Omit<Member, 'created_at' | 'updated_at' | 'provisioning_status'>;
export type MemberChanges = Partial<Omit<NewMember, 'id' | 'project_id' | 'pool_id' | 'ip_address' | 'protocol_port' | 'subnet_id'>> & {
  provisioning_status?: string;
};

function memberFrom(r: MemberRow, tags: string[]): Member {
  return { ...r, backup: fromFlag(r.backup), enabled: fromFlag(r.enabled), tags };
}

export async function loadMembers(db: Db, ids: readonly string[]): Promise<Member[]> {
  if (ids.length === 0) return [];
  const rows: MemberRow[] = [];
  for (const part of chunks(ids)) rows.push(...(await db.selectFrom('member').selectAll().where('id', 'in', part).execute()));
  const tags = await loadTags(db, ids);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    return r ? [memberFrom(r, tags.get(id) ?? [])] : [];
  });
}

export async function getMember(db: Db, id: string): Promise<Member | null> {
  return (await loadMembers(db, [id]))[0] ?? null;
}

export async function membersOfPool(db: Db, poolId: string): Promise<Member[]> {
  const rows = await db.selectFrom('member').selectAll().where('pool_id', '=', poolId).orderBy('created_at').orderBy('id').execute();
  const tags = await loadTags(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => memberFrom(r, tags.get(r.id) ?? []));
}

/** The member of a pool at (address, port), or null. */
export async function findMemberAt(db: Db, poolId: string, address: string, port: number): Promise<string | null> {
  const row = await db
    .selectFrom('member')
    .select('id')
    .where('pool_id', '=', poolId)
    .where('ip_address', '=', address)
    .where('protocol_port', '=', port)
    .executeTakeFirst();
  return row?.id ?? null;
}

/** The list condition of a pool's member collection (/pools/{pool_id}/members). */
export const membersOfPoolFilter = (poolId: string): RawBuilder<unknown> => sql`member.pool_id = ${poolId}`;

export async function insertMember(db: Db, m: NewMember, provisioningStatus = 'PENDING_CREATE'): Promise<void> {
  const { tags, backup, enabled, ...plain } = m;
  await db
    .insertInto('member')
    .values({
      ...plain,
      backup: toFlag(backup),
      enabled: toFlag(enabled),
      provisioning_status: provisioningStatus,
      created_at: nowTimestamp(),
      updated_at: null,
    })
    .execute();
  if (tags.length > 0) await replaceTags(db, m.id, tags);
}

export async function updateMember(db: Db, id: string, changes: MemberChanges): Promise<void> {
  const { tags, backup, enabled, ...plain } = changes;
  const set: Updateable<MemberTable> = { ...(plain satisfies OnlyColumns<typeof plain, MemberTable>), updated_at: nowTimestamp() };
  if (backup !== undefined) set.backup = toFlag(backup);
  if (enabled !== undefined) set.enabled = toFlag(enabled);
  await db.updateTable('member').set(set).where('id', '=', id).execute();
  if (tags !== undefined) await replaceTags(db, id, tags);
}

export async function setMembersOperatingStatus(db: Db, poolId: string, status: string): Promise<void> {
  await db.updateTable('member').set({ operating_status: status }).where('pool_id', '=', poolId).execute();
}

export async function deleteMembers(db: Db, ids: readonly string[]): Promise<void> {
  for (const part of chunks(ids)) {
    if (part.length === 0) continue;
    await deleteTags(db, part);
    await db.deleteFrom('member').where('id', 'in', part).execute();
  }
}

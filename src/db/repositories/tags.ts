import type { Db } from '../connection.js';
import { chunks, groupBy } from './rows.js';

/** Tags of many resources at once; each list comes back sorted, as Octavia returns them. */
export async function loadTags(db: Db, ids: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const part of chunks(ids)) {
    if (part.length === 0) continue;
    const rows = await db
      .selectFrom('tags')
      .select(['resource_id', 'tag'])
      .where('resource_id', 'in', part)
      .orderBy('resource_id')
      .orderBy('tag')
      .execute();
    for (const [id, list] of groupBy(rows, (r) => r.resource_id))
      out.set(
        id,
        list.map((r) => r.tag),
      );
  }
  return out;
}

export async function replaceTags(db: Db, resourceId: string, tags: readonly string[]): Promise<void> {
  await db.deleteFrom('tags').where('resource_id', '=', resourceId).execute();
  const unique = [...new Set(tags)];
  if (unique.length > 0) {
    await db
      .insertInto('tags')
      .values(unique.map((tag) => ({ resource_id: resourceId, tag })))
      .execute();
  }
}

export async function deleteTags(db: Db, resourceIds: readonly string[]): Promise<void> {
  for (const part of chunks(resourceIds)) {
    if (part.length > 0) await db.deleteFrom('tags').where('resource_id', 'in', part).execute();
  }
}

// Availability zones: keyed by name, each pointing at an availability-zone profile (flavors.ts holds profiles).
import type { Db } from '../connection.js';
import { isForeignKeyViolation } from '../errors.js';
import type { AvailabilityZoneTable } from '../schema.js';

export type AvailabilityZone = AvailabilityZoneTable;

/** The zones of these names, in the order given (the list call's page). */
export async function loadAvailabilityZones(db: Db, names: readonly string[]): Promise<AvailabilityZone[]> {
  if (names.length === 0) return [];
  const rows = await db
    .selectFrom('availability_zone')
    .selectAll()
    .where('name', 'in', [...names])
    .execute();
  const byName = new Map(rows.map((r) => [r.name, r]));
  return names.map((name) => byName.get(name)).filter((z): z is AvailabilityZone => z !== undefined);
}

export async function getAvailabilityZone(db: Db, name: string): Promise<AvailabilityZone | undefined> {
  return db.selectFrom('availability_zone').selectAll().where('name', '=', name).executeTakeFirst();
}

export async function insertAvailabilityZone(db: Db, zone: AvailabilityZone): Promise<void> {
  await db.insertInto('availability_zone').values(zone).execute();
}

export async function updateAvailabilityZone(
  db: Db,
  name: string,
  changes: Partial<Pick<AvailabilityZone, 'description' | 'enabled'>>,
): Promise<void> {
  if (Object.keys(changes).length === 0) return;
  await db.updateTable('availability_zone').set(changes).where('name', '=', name).execute();
}

/**
 * Deletes the zone. DELETED load balancers (kept until housekeeping purges them) let go of it first, as in Octavia;
 * a live one still placed in it, even one created meanwhile, makes the foreign key refuse: 'in-use'.
 */
export async function deleteAvailabilityZone(db: Db, name: string): Promise<'deleted' | 'missing' | 'in-use'> {
  try {
    return await db.transaction().execute(async (tx) => {
      await tx
        .updateTable('load_balancer')
        .set({ availability_zone: null })
        .where('availability_zone', '=', name)
        .where('provisioning_status', '=', 'DELETED')
        .execute();
      const result = await tx.deleteFrom('availability_zone').where('name', '=', name).executeTakeFirst();
      return Number(result.numDeletedRows) > 0 ? 'deleted' : 'missing';
    });
  } catch (err) {
    if (isForeignKeyViolation(err)) return 'in-use';
    throw err;
  }
}

/** Live load balancers (any status but DELETED) placed in the zone. */
export async function availabilityZoneUsers(db: Db, name: string): Promise<number> {
  const row = await db
    .selectFrom('load_balancer')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('availability_zone', '=', name)
    .where('provisioning_status', '<>', 'DELETED')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

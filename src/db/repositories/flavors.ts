// Flavors and flavor profiles, and the availability-zone profiles that share the profile shape (id, name,
// provider_name, <data> JSON text).
import type { Db } from '../connection.js';
import { isForeignKeyViolation } from '../errors.js';
import type { AvailabilityZoneProfileTable, FlavorProfileTable, FlavorTable } from '../schema.js';

export type Flavor = FlavorTable;

/** A profile row under a common shape: `data` is flavor_data or availability_zone_data. */
export type Profile = Pick<FlavorProfileTable, 'id' | 'name' | 'provider_name'> & { data: FlavorProfileTable['flavor_data'] };

export type ProfileKind = 'flavor_profile' | 'availability_zone_profile';
const DATA_COLUMN = { flavor_profile: 'flavor_data', availability_zone_profile: 'availability_zone_data' } as const;

function toProfile(kind: ProfileKind, row: FlavorProfileTable | AvailabilityZoneProfileTable): Profile {
  const data =
    kind === 'flavor_profile' ? (row as FlavorProfileTable).flavor_data : (row as AvailabilityZoneProfileTable).availability_zone_data;
  return { id: row.id, name: row.name, provider_name: row.provider_name, data };
}

export async function loadProfiles(db: Db, kind: ProfileKind, ids: readonly string[]): Promise<Profile[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom(kind)
    .selectAll()
    .where('id', 'in', [...ids])
    .execute();
  const byId = new Map(rows.map((r) => [r.id, toProfile(kind, r)]));
  return ids.map((id) => byId.get(id)).filter((p): p is Profile => p !== undefined);
}

export async function getProfile(db: Db, kind: ProfileKind, id: string): Promise<Profile | undefined> {
  return (await loadProfiles(db, kind, [id]))[0];
}

export async function insertProfile(db: Db, kind: ProfileKind, profile: Profile): Promise<void> {
  await db
    .insertInto(kind)
    .values({ id: profile.id, name: profile.name, provider_name: profile.provider_name, [DATA_COLUMN[kind]]: profile.data } as never)
    .execute();
}

export async function updateProfile(db: Db, kind: ProfileKind, id: string, changes: Partial<Omit<Profile, 'id'>>): Promise<void> {
  const set: Record<string, string> = {};
  if (changes.name !== undefined) set.name = changes.name;
  if (changes.provider_name !== undefined) set.provider_name = changes.provider_name;
  if (changes.data !== undefined) set[DATA_COLUMN[kind]] = changes.data;
  if (Object.keys(set).length === 0) return;
  await db
    .updateTable(kind)
    .set(set as never)
    .where('id', '=', id)
    .execute();
}

export async function deleteProfile(db: Db, kind: ProfileKind, id: string): Promise<boolean> {
  const result = await db.deleteFrom(kind).where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Flavors (or availability zones) that use the profile. */
export async function profileUsers(db: Db, kind: ProfileKind, id: string): Promise<number> {
  const row =
    kind === 'flavor_profile'
      ? await db
          .selectFrom('flavor')
          .select((eb) => eb.fn.countAll<number | string>().as('n'))
          .where('flavor_profile_id', '=', id)
          .executeTakeFirstOrThrow()
      : await db
          .selectFrom('availability_zone')
          .select((eb) => eb.fn.countAll<number | string>().as('n'))
          .where('availability_zone_profile_id', '=', id)
          .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function loadFlavors(db: Db, ids: readonly string[]): Promise<Flavor[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('flavor')
    .selectAll()
    .where('id', 'in', [...ids])
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)).filter((f): f is Flavor => f !== undefined);
}

export async function getFlavor(db: Db, id: string): Promise<Flavor | undefined> {
  return db.selectFrom('flavor').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertFlavor(db: Db, flavor: Flavor): Promise<void> {
  await db.insertInto('flavor').values(flavor).execute();
}

export async function updateFlavor(db: Db, id: string, changes: Partial<Omit<Flavor, 'id' | 'flavor_profile_id'>>): Promise<void> {
  if (Object.keys(changes).length === 0) return;
  await db.updateTable('flavor').set(changes).where('id', '=', id).execute();
}

/**
 * Deletes the flavor. DELETED load balancers (kept until housekeeping purges them) let go of it first, as in
 * Octavia; a live one still naming it, even one created meanwhile, makes the foreign key refuse: 'in-use'.
 */
export async function deleteFlavor(db: Db, id: string): Promise<'deleted' | 'missing' | 'in-use'> {
  try {
    return await db.transaction().execute(async (tx) => {
      await tx
        .updateTable('load_balancer')
        .set({ flavor_id: null })
        .where('flavor_id', '=', id)
        .where('provisioning_status', '=', 'DELETED')
        .execute();
      const result = await tx.deleteFrom('flavor').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0 ? 'deleted' : 'missing';
    });
  } catch (err) {
    if (isForeignKeyViolation(err)) return 'in-use';
    throw err;
  }
}

/** Live load balancers (any status but DELETED) that reference the flavor. */
export async function flavorUsers(db: Db, id: string): Promise<number> {
  const row = await db
    .selectFrom('load_balancer')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('flavor_id', '=', id)
    .where('provisioning_status', '<>', 'DELETED')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A flavor with what a load balancer create needs of its profile: enabled, provider and metadata. */
export async function getFlavorForCreate(
  db: Db,
  id: string,
): Promise<(Pick<FlavorTable, 'enabled'> & Pick<FlavorProfileTable, 'provider_name' | 'flavor_data'>) | undefined> {
  return db
    .selectFrom('flavor')
    .innerJoin('flavor_profile', 'flavor_profile.id', 'flavor.flavor_profile_id')
    .select(['flavor.enabled', 'flavor_profile.provider_name', 'flavor_profile.flavor_data'])
    .where('flavor.id', '=', id)
    .executeTakeFirst();
}

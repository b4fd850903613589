import { type ExpressionBuilder, sql } from 'kysely';
import { nowTimestamp } from '../../common/time.js';
import type { Db } from '../connection.js';
import type { AmphoraRow, AmphoraTable, Database, Updateable } from '../schema.js';
import { fromFlag, type OnlyColumns } from './rows.js';

export interface Amphora extends Omit<AmphoraRow, 'cert_busy'> {
  cert_busy: boolean;
}

const fromRow = (r: AmphoraRow): Amphora => ({ ...r, cert_busy: fromFlag(r.cert_busy) });

export type AmphoraChanges = Partial<Omit<AmphoraRow, 'id' | 'created_at' | 'cert_busy'>> & { cert_busy?: boolean };

export async function getAmphora(db: Db, id: string): Promise<Amphora | null> {
  const row = await db.selectFrom('amphora').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? fromRow(row) : null;
}

export async function loadAmphorae(db: Db, ids: readonly string[]): Promise<Amphora[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('amphora')
    .selectAll()
    .where('id', 'in', [...ids])
    .execute();
  const byId = new Map(rows.map((r) => [r.id, fromRow(r)]));
  return ids.flatMap((id) => (byId.has(id) ? [byId.get(id) as Amphora] : []));
}

/** Amphorae serving a load balancer (not deleted), oldest first. */
export async function amphoraeOfLoadBalancer(db: Db, lbId: string): Promise<Amphora[]> {
  const rows = await db
    .selectFrom('amphora')
    .selectAll()
    .where('load_balancer_id', '=', lbId)
    .where('status', 'not in', ['DELETED'])
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(fromRow);
}

/** Inserts the row unless it exists (tasks are re-run after a crash and must stay idempotent). */
export async function ensureAmphora(db: Db, id: string, fields: AmphoraChanges): Promise<void> {
  if (await getAmphora(db, id)) return;
  await db
    .insertInto('amphora')
    .values({
      id,
      load_balancer_id: fields.load_balancer_id ?? null,
      compute_id: fields.compute_id ?? null,
      lb_network_ip: fields.lb_network_ip ?? null,
      vrrp_ip: null,
      ha_ip: null,
      vrrp_port_id: null,
      ha_port_id: null,
      cert_expiration: null,
      cert_busy: 0,
      role: fields.role ?? null,
      status: fields.status ?? 'PENDING_CREATE',
      vrrp_interface: null,
      vrrp_id: null,
      vrrp_priority: null,
      cached_zone: null,
      image_id: null,
      compute_flavor: null,
      created_at: nowTimestamp(),
      updated_at: null,
    })
    .execute();
}

export async function updateAmphora(db: Db, id: string, changes: AmphoraChanges): Promise<void> {
  const { cert_busy, ...rest } = changes;
  const set: Updateable<AmphoraTable> = { ...(rest satisfies OnlyColumns<typeof rest, AmphoraTable>), updated_at: nowTimestamp() };
  if (cert_busy !== undefined) set.cert_busy = cert_busy ? 1 : 0;
  await db.updateTable('amphora').set(set).where('id', '=', id).execute();
}

/** The amphora becomes ERROR unless it is DELETED already (its instance is gone then). */
export async function amphoraToError(db: Db, id: string): Promise<void> {
  await db.updateTable('amphora').set({ status: 'ERROR' }).where('id', '=', id).where('status', '!=', 'DELETED').execute();
}

/** Test-and-set of a spare or failed amphora (READY, ERROR) to PENDING_DELETE; false when it is in another state. */
export async function claimAmphoraForDelete(db: Db, id: string): Promise<boolean> {
  const res = await db
    .updateTable('amphora')
    .set({ status: 'PENDING_DELETE' })
    .where('id', '=', id)
    .where('status', 'in', ['READY', 'ERROR'])
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/**
 * Amphorae whose certificate expires before `dueBefore` and that no live rotation holds: never claimed, or claimed
 * before `staleBefore` (or at an unknown time) by a rotation that never finished.
 */
export async function amphoraeDueForCertRotation(
  db: Db,
  dueBefore: string,
  staleBefore: string,
): Promise<Pick<AmphoraRow, 'id' | 'lb_network_ip' | 'compute_id'>[]> {
  return db
    .selectFrom('amphora')
    .select(['id', 'lb_network_ip', 'compute_id'])
    .where('status', '=', 'ALLOCATED')
    .where('cert_expiration', '<', dueBefore)
    .where((eb) => certClaimable(eb, staleBefore))
    .orderBy('id')
    .execute();
}

/**
 * Claims an amphora's rotation as of `claimedAt` (which identifies the claim); false when a live claim holds it, or
 * when it is no longer due (a concurrent pass rotated it since this pass listed it).
 */
export async function claimCertRotation(db: Db, id: string, claimedAt: string, dueBefore: string, staleBefore: string): Promise<boolean> {
  const res = await db
    .updateTable('amphora')
    .set({ cert_busy: 1, cert_busy_since: claimedAt })
    .where('id', '=', id)
    .where('cert_expiration', '<', dueBefore)
    .where((eb) => certClaimable(eb, staleBefore))
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/**
 * Ends the claim made at `claimedAt`, recording the new certificate's expiry if one was installed; false when the
 * claim had been taken over meanwhile (that rotation then owns the row, and its claim stays).
 */
export async function releaseCertRotation(db: Db, id: string, claimedAt: string, certExpiration: string | null): Promise<boolean> {
  const set = {
    cert_busy: 0,
    cert_busy_since: null,
    ...(certExpiration ? { cert_expiration: certExpiration, updated_at: nowTimestamp() } : {}),
  };
  const res = await db.updateTable('amphora').set(set).where('id', '=', id).where('cert_busy_since', '=', claimedAt).executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

function certClaimable(eb: ExpressionBuilder<Database, 'amphora'>, staleBefore: string) {
  return eb.or([eb('cert_busy', '=', 0), eb('cert_busy_since', 'is', null), eb('cert_busy_since', '<', staleBefore)]);
}

export async function deleteAmphoraRow(db: Db, id: string): Promise<void> {
  await db.deleteFrom('amphora_health').where('amphora_id', '=', id).execute();
  await db.deleteFrom('listener_statistics').where('amphora_id', '=', id).execute();
  await db.deleteFrom('amphora').where('id', '=', id).execute();
}

/** busy = true keeps the health manager from failing an amphora over while a flow works on it. */
export async function setAmphoraHealthBusy(db: Db, id: string, busy: boolean): Promise<void> {
  await db
    .updateTable('amphora_health')
    .set({ busy: busy ? 1 : 0 })
    .where('amphora_id', '=', id)
    .execute();
}

export async function deleteAmphoraHealth(db: Db, id: string): Promise<void> {
  await db.deleteFrom('amphora_health').where('amphora_id', '=', id).execute();
}

export const AMPHORA_NOT_DELETED = sql`amphora.status <> 'DELETED'`;

/** DELETED amphorae last updated before the cutoff (or never): the ones housekeeping purges. */
export async function deletedAmphoraIdsBefore(db: Db, cutoff: string): Promise<string[]> {
  const rows = await db
    .selectFrom('amphora')
    .select('id')
    .where('status', '=', 'DELETED')
    .where((eb) => eb.or([eb('updated_at', '<', cutoff), eb('updated_at', 'is', null)]))
    .execute();
  return rows.map((r) => r.id);
}

// Octavia's locking discipline without SELECT ... FOR UPDATE: one conditional UPDATE is the test-and-set. On
// PostgreSQL and MariaDB a concurrent writer blocks on the row and then re-reads the condition, so of N racing
// requests exactly one sees ACTIVE; on SQLite transactions are serialized.
import type { Db } from '../connection.js';
import { nowTimestamp } from '../../common/time.js';

export const MUTABLE_STATUSES = ['ACTIVE'];
export const DELETABLE_STATUSES = ['ACTIVE', 'ERROR'];
export const FAILOVERABLE_STATUSES = ['ACTIVE', 'ERROR'];

/** Sets the load balancer's provisioning status if it currently is one of `from`; true when it did. */
export async function testAndSetLoadBalancer(db: Db, id: string, to: string, from: readonly string[] = MUTABLE_STATUSES): Promise<boolean> {
  const result = await db
    .updateTable('load_balancer')
    .set({ provisioning_status: to, updated_at: nowTimestamp() })
    .where('id', '=', id)
    .where('provisioning_status', 'in', [...from])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function currentLoadBalancerStatus(db: Db, id: string): Promise<string | null> {
  const row = await db.selectFrom('load_balancer').select('provisioning_status').where('id', '=', id).executeTakeFirst();
  return row?.provisioning_status ?? null;
}

export type StatusTable = 'listener' | 'pool' | 'member' | 'health_monitor' | 'l7policy' | 'l7rule';

/**
 * `keepUpdatedAt` leaves updated_at as it is: the API's own PENDING_UPDATE/PENDING_DELETE marks of the object a
 * request changes have never stamped it (a PUT's update of the fields has, just before).
 */
export async function setProvisioningStatus(
  db: Db,
  table: StatusTable,
  ids: readonly string[],
  status: string,
  { keepUpdatedAt = false }: { keepUpdatedAt?: boolean } = {},
): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable(table)
    .set(keepUpdatedAt ? { provisioning_status: status } : { provisioning_status: status, updated_at: nowTimestamp() })
    .where('id', 'in', [...ids])
    .execute();
}

/** Marks the object ACTIVE; with `setOperating`, its operating status follows `enabled`. A missing row is skipped. */
export async function markObjectActive(db: Db, table: StatusTable, id: string, setOperating: boolean): Promise<void> {
  const row = await db.selectFrom(table).select(['enabled']).where('id', '=', id).executeTakeFirst();
  if (!row) return;
  const set: Record<string, string> = { provisioning_status: 'ACTIVE' };
  if (setOperating) set.operating_status = row.enabled === 1 ? 'ONLINE' : 'OFFLINE';
  await db
    .updateTable(table)
    .set({ ...set, updated_at: nowTimestamp() })
    .where('id', '=', id)
    .execute();
}

/** A reported provisioning and/or operating status of one object, stamped updated_at (the status updater). */
export async function setObjectStatuses(
  db: Db,
  table: StatusTable | 'load_balancer',
  id: string,
  set: { provisioning_status?: string; operating_status?: string },
): Promise<void> {
  await db
    .updateTable(table)
    .set({ ...set, updated_at: nowTimestamp() })
    .where('id', '=', id)
    .execute();
}

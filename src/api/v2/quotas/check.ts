// Quota enforcement for the create paths. Called FIRST in the create's write transaction: it takes the project's
// quota row lock, so concurrent creates of one project queue behind each other, and only then counts what the
// project holds (on MariaDB that first read also fixes the transaction's snapshot after the lock, so it sees every
// create committed before). Under noauth nothing is checked, as in Octavia.
import { ApiFault } from '../../../common/faults.js';
import type { Db } from '../../../db/connection.js';
import { countLive, lockQuotaRecord, setInUse } from '../../../db/repositories/quotas.js';
import type { RequestContext } from '../../auth/context.js';
import type { ApiServices } from '../../services.js';
import { defaultLimit, QUOTA_KINDS, type QuotaKind, withinLimit } from './limits.js';

export const quotaMet = (name: string): ApiFault => new ApiFault(403, `Quota has been met for resources: ${name}`);

/**
 * Charges `count` objects of `kind` to the project, or throws Octavia's 403. `count` may be computed after the lock
 * (member batch: the net increase depends on the members the pool holds now).
 */
export async function checkQuota(
  services: ApiServices,
  tx: Db,
  ctx: RequestContext,
  kind: QuotaKind,
  projectId: string | null,
  count: number | (() => Promise<number>) = 1,
): Promise<void> {
  await checkQuotas(services, tx, ctx, projectId, { [kind]: count });
}

/** Several kinds at once (a load balancer graph), under one lock. */
export async function checkQuotas(
  services: ApiServices,
  tx: Db,
  ctx: RequestContext,
  projectId: string | null,
  charges: Partial<Record<QuotaKind, number | (() => Promise<number>)>>,
): Promise<void> {
  if (ctx.authStrategy === 'noauth' || projectId === null) return;
  const record = await lockQuotaRecord(tx, services.dialect, projectId);
  for (const [kind, charge] of Object.entries(charges) as [QuotaKind, number | (() => Promise<number>)][]) {
    const count = typeof charge === 'function' ? await charge() : charge;
    if (count <= 0) continue;
    const { column, name } = QUOTA_KINDS[kind];
    const limit = record[column] ?? defaultLimit(services.config, column);
    const needed = (await countLive(tx, column, projectId)) + count;
    if (!withinLimit(limit, needed)) throw quotaMet(name);
    await setInUse(tx, projectId, column, needed);
  }
}

/**
 * For creates whose size is only known once the rows are written (the load balancer graph): with the project's
 * quota row still locked by an earlier checkQuota in the same transaction, recounts what the project now holds,
 * the new rows included, against each limit.
 */
export async function verifyQuotasAfterInsert(
  services: ApiServices,
  tx: Db,
  ctx: RequestContext,
  projectId: string | null,
  kinds: readonly QuotaKind[],
): Promise<void> {
  if (ctx.authStrategy === 'noauth' || projectId === null) return;
  const record = await lockQuotaRecord(tx, services.dialect, projectId);
  for (const kind of kinds) {
    const { column, name } = QUOTA_KINDS[kind];
    const limit = record[column] ?? defaultLimit(services.config, column);
    const held = await countLive(tx, column, projectId);
    if (!withinLimit(limit, held)) throw quotaMet(name);
    await setInUse(tx, projectId, column, held);
  }
}

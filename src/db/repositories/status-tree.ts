// The provisioning status and enabled flag of a load balancer and of every object under it, as stored (the noop
// provider settles them all at once).
import type { Db } from '../connection.js';

export interface StatusRow {
  readonly id: string;
  readonly provisioning_status: string;
  /** 0/1 as stored */
  readonly enabled: number;
}

export interface PoolChildStatusRow extends StatusRow {
  readonly pool_id: string;
}

export interface StatusTree {
  readonly lb: StatusRow;
  readonly listeners: StatusRow[];
  readonly pools: StatusRow[];
  readonly members: PoolChildStatusRow[];
  readonly hms: PoolChildStatusRow[];
  readonly policies: StatusRow[];
  readonly rules: StatusRow[];
}

/** null when there is no such load balancer. */
export async function loadStatusTree(db: Db, lbId: string): Promise<StatusTree | null> {
  const columns = ['id', 'provisioning_status', 'enabled'] as const;
  const lb = await db.selectFrom('load_balancer').select(columns).where('id', '=', lbId).executeTakeFirst();
  if (!lb) return null;
  const listeners = await db.selectFrom('listener').select(columns).where('load_balancer_id', '=', lbId).execute();
  const pools = await db.selectFrom('pool').select(columns).where('load_balancer_id', '=', lbId).execute();
  const poolIds = pools.map((p) => p.id);
  const listenerIds = listeners.map((l) => l.id);
  const members = poolIds.length
    ? await db
        .selectFrom('member')
        .select([...columns, 'pool_id'])
        .where('pool_id', 'in', poolIds)
        .execute()
    : [];
  const hms = poolIds.length
    ? await db
        .selectFrom('health_monitor')
        .select([...columns, 'pool_id'])
        .where('pool_id', 'in', poolIds)
        .execute()
    : [];
  const policies = listenerIds.length
    ? await db.selectFrom('l7policy').select(columns).where('listener_id', 'in', listenerIds).execute()
    : [];
  const rules = policies.length
    ? await db
        .selectFrom('l7rule')
        .select(columns)
        .where(
          'l7policy_id',
          'in',
          policies.map((p) => p.id),
        )
        .execute()
    : [];
  return { lb, listeners, pools, members, hms, policies, rules };
}

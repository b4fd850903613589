// The load balancer a child object belongs to, for the providers: each lookup throws (Kysely's NoResultError) when
// the object is gone, as a provider call only names objects its own transaction has just read or written.
import type { Db } from '../connection.js';

export async function loadBalancerOfPool(db: Db, poolId: string): Promise<string> {
  const row = await db.selectFrom('pool').select('load_balancer_id').where('id', '=', poolId).executeTakeFirstOrThrow();
  return row.load_balancer_id;
}

export async function loadBalancerOfListener(db: Db, listenerId: string): Promise<string> {
  const row = await db.selectFrom('listener').select('load_balancer_id').where('id', '=', listenerId).executeTakeFirstOrThrow();
  return row.load_balancer_id;
}

export async function loadBalancerOfL7Policy(db: Db, policyId: string): Promise<string> {
  const row = await db
    .selectFrom('l7policy')
    .innerJoin('listener', 'listener.id', 'l7policy.listener_id')
    .select('listener.load_balancer_id')
    .where('l7policy.id', '=', policyId)
    .executeTakeFirstOrThrow();
  return row.load_balancer_id;
}

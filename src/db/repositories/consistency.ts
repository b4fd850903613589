// Whole-database invariants an operator (and the API fuzz suite) can check at any quiet moment: no tag of a row that
// is gone, no live child hangs under a deleted parent, no child is still PENDING while its load balancer
// is ACTIVE, and every project's in-use quota counters equal what it holds. Read-only; each check is one query.
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../connection.js';
import { QUOTA_RESOURCES } from '../schema.js';

export interface Inconsistency {
  readonly check: string;
  /** the offending row's key (id, or project and resource for quota counters) */
  readonly row: string;
  readonly detail?: string;
}

interface Check {
  readonly name: string;
  /** SELECT returning the offending rows as (row_key, detail) */
  readonly query: RawBuilder<{ row_key: string; detail: string | null }>;
}

const TAGGED = ['load_balancer', 'listener', 'pool', 'member', 'health_monitor', 'l7policy', 'l7rule'] as const;

/**
 * Tags of no object. Every other parent link is a foreign key (SQLite runs with foreign_keys = ON), so the database
 * itself refuses orphans there; tags.resource_id names a row of any of seven tables and has no key to keep it true.
 */
function taggedNothing(): Check {
  const owners = TAGGED.map((t) => sql`SELECT 1 FROM ${sql.table(t)} o WHERE o.id = t.resource_id`);
  return {
    name: 'tags of no object',
    query: sql`SELECT t.resource_id AS row_key, t.tag AS detail FROM tags t
      WHERE NOT EXISTS (${sql.join(owners, sql` UNION ALL `)})`,
  };
}

/** A child that is not DELETED under a parent that is. */
function liveUnderDeleted(child: string, column: string, parent: string): Check {
  return {
    name: `live ${child} under DELETED ${parent}`,
    query: sql`SELECT c.id AS row_key, p.id AS detail FROM ${sql.table(child)} c JOIN ${sql.table(parent)} p ON p.id = c.${sql.ref(column)}
      WHERE c.provisioning_status <> 'DELETED' AND p.provisioning_status = 'DELETED'`,
  };
}

/** A child still PENDING_* while the load balancer it belongs to is ACTIVE: the flow that owned it is gone. */
function pendingUnderActive(child: string, lbOf: RawBuilder<unknown>): Check {
  return {
    name: `PENDING ${child} under ACTIVE load_balancer`,
    query: sql`SELECT c.id AS row_key, c.provisioning_status AS detail FROM ${sql.table(child)} c
      WHERE c.provisioning_status LIKE 'PENDING%'
        AND EXISTS (SELECT 1 FROM load_balancer lb WHERE lb.id = (${lbOf}) AND lb.provisioning_status = 'ACTIVE')`,
  };
}

/** A pool, or the pool a listener or L7 policy points at, of another load balancer. */
function crossLoadBalancer(name: string, query: RawBuilder<unknown>): Check {
  return { name, query: query as Check['query'] };
}

const CHECKS: readonly Check[] = [
  taggedNothing(),
  liveUnderDeleted('listener', 'load_balancer_id', 'load_balancer'),
  liveUnderDeleted('pool', 'load_balancer_id', 'load_balancer'),
  liveUnderDeleted('member', 'pool_id', 'pool'),
  liveUnderDeleted('health_monitor', 'pool_id', 'pool'),
  liveUnderDeleted('l7policy', 'listener_id', 'listener'),
  liveUnderDeleted('l7rule', 'l7policy_id', 'l7policy'),
  pendingUnderActive('listener', sql`c.load_balancer_id`),
  pendingUnderActive('pool', sql`c.load_balancer_id`),
  pendingUnderActive('member', sql`SELECT p.load_balancer_id FROM pool p WHERE p.id = c.pool_id`),
  pendingUnderActive('health_monitor', sql`SELECT p.load_balancer_id FROM pool p WHERE p.id = c.pool_id`),
  pendingUnderActive('l7policy', sql`SELECT l.load_balancer_id FROM listener l WHERE l.id = c.listener_id`),
  pendingUnderActive(
    'l7rule',
    sql`SELECT l.load_balancer_id FROM listener l JOIN l7policy p ON p.listener_id = l.id WHERE p.id = c.l7policy_id`,
  ),
  crossLoadBalancer(
    'listener.default_pool_id of another load balancer',
    sql`SELECT l.id AS row_key, p.load_balancer_id AS detail FROM listener l JOIN pool p ON p.id = l.default_pool_id
      WHERE p.load_balancer_id <> l.load_balancer_id`,
  ),
  crossLoadBalancer(
    'l7policy.redirect_pool_id of another load balancer',
    sql`SELECT r.id AS row_key, p.load_balancer_id AS detail FROM l7policy r JOIN listener l ON l.id = r.listener_id
      JOIN pool p ON p.id = r.redirect_pool_id WHERE p.load_balancer_id <> l.load_balancer_id`,
  ),
];

/** in_use_<resource> differs from the project's live rows of that kind (a missing counter counts as 0). */
function quotaCounter(resource: (typeof QUOTA_RESOURCES)[number]): Check {
  const column = `in_use_${resource}`;
  return {
    name: `quotas.${column} = live ${resource} rows`,
    query: sql`SELECT q.project_id AS row_key, ${sql.lit(resource)} AS detail FROM quotas q
      WHERE COALESCE(q.${sql.ref(column)}, 0) <> (SELECT COUNT(*) FROM ${sql.table(resource)} r
        WHERE r.project_id = q.project_id AND r.provisioning_status <> 'DELETED')`,
  };
}

export async function findInconsistencies(db: Db): Promise<Inconsistency[]> {
  const out: Inconsistency[] = [];
  for (const check of [...CHECKS, ...QUOTA_RESOURCES.map(quotaCounter)]) {
    const { rows } = await check.query.execute(db);
    for (const r of rows)
      out.push({ check: check.name, row: String(r.row_key), ...(r.detail === null ? {} : { detail: String(r.detail) }) });
  }
  return out;
}

/** Work still under way: load balancers in a PENDING_* state and jobs waiting or running. */
export async function countUnsettled(db: Db): Promise<{ pendingLoadBalancers: number; openJobs: number }> {
  const lbs = await db
    .selectFrom('load_balancer')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('provisioning_status', 'like', 'PENDING%')
    .executeTakeFirstOrThrow();
  const jobs = await db
    .selectFrom('job')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('state', 'in', ['WAITING', 'RUNNING'])
    .executeTakeFirstOrThrow();
  return { pendingLoadBalancers: Number(lbs.n), openJobs: Number(jobs.n) };
}

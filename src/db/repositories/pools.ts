import { nowTimestamp } from '../../common/time.js';
import type { Db } from '../connection.js';
import type { Pool, SessionPersistence } from '../models.js';
import type { PoolRow, PoolTable, SessionPersistenceRow, Updateable } from '../schema.js';
import { deleteHealthMonitor } from './health-monitors.js';
import { deleteMembers } from './members.js';
import { chunks, fromFlag, fromJson, groupBy, type OnlyColumns, toFlag, toJson } from './rows.js';
import { deleteTags, loadTags, replaceTags } from './tags.js';

export type NewPool = Omit<
  Pool,
  'created_at' | 'updated_at' | 'provisioning_status' | 'operating_status' | 'health_monitor_id' | 'member_ids' | 'listener_ids'
>;
export type PoolChanges = Partial<Omit<NewPool, 'id' | 'project_id' | 'load_balancer_id' | 'protocol'>>;

export async function loadPools(db: Db, ids: readonly string[]): Promise<Pool[]> {
  if (ids.length === 0) return [];
  const rows: PoolRow[] = [];
  const sps: SessionPersistenceRow[] = [];
  const hms: { id: string; pool_id: string }[] = [];
  const members: { id: string; pool_id: string }[] = [];
  const defaults: { id: string; default_pool_id: string | null }[] = [];
  const redirects: { listener_id: string; redirect_pool_id: string | null }[] = [];
  for (const part of chunks(ids)) {
    rows.push(...(await db.selectFrom('pool').selectAll().where('id', 'in', part).execute()));
    sps.push(...(await db.selectFrom('session_persistence').selectAll().where('pool_id', 'in', part).execute()));
    hms.push(...(await db.selectFrom('health_monitor').select(['id', 'pool_id']).where('pool_id', 'in', part).execute()));
    members.push(
      ...(await db
        .selectFrom('member')
        .select(['id', 'pool_id'])
        .where('pool_id', 'in', part)
        .orderBy('created_at')
        .orderBy('id')
        .execute()),
    );
    defaults.push(
      ...(await db
        .selectFrom('listener')
        .select(['id', 'default_pool_id'])
        .where('default_pool_id', 'in', part)
        .orderBy('created_at')
        .orderBy('id')
        .execute()),
    );
    redirects.push(
      ...(await db
        .selectFrom('l7policy')
        .select(['listener_id', 'redirect_pool_id'])
        .where('redirect_pool_id', 'in', part)
        .where('enabled', '=', 1)
        .where((eb) => eb.exists(eb.selectFrom('l7rule').select('l7rule.id').whereRef('l7rule.l7policy_id', '=', 'l7policy.id')))
        .execute()),
    );
  }
  const tags = await loadTags(db, ids);
  const spBy = new Map(sps.map((s) => [s.pool_id, s]));
  const hmBy = new Map(hms.map((h) => [h.pool_id, h.id]));
  const membersBy = groupBy(members, (m) => m.pool_id);
  const listenersBy = new Map<string, string[]>();
  for (const { id, default_pool_id } of defaults) addUnique(listenersBy, default_pool_id as string, id);
  for (const { listener_id, redirect_pool_id } of redirects) addUnique(listenersBy, redirect_pool_id as string, listener_id);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const out: Pool[] = [];
  for (const id of ids) {
    const r = byId.get(id);
    if (!r) continue;
    const sp = spBy.get(id);
    out.push({
      id: r.id,
      project_id: r.project_id,
      name: r.name,
      description: r.description,
      protocol: r.protocol,
      lb_algorithm: r.lb_algorithm,
      provisioning_status: r.provisioning_status,
      operating_status: r.operating_status,
      enabled: fromFlag(r.enabled),
      load_balancer_id: r.load_balancer_id,
      tls_certificate_id: r.tls_certificate_id,
      ca_tls_certificate_id: r.ca_tls_certificate_id,
      crl_container_id: r.crl_container_id,
      tls_enabled: fromFlag(r.tls_enabled),
      tls_ciphers: r.tls_ciphers,
      tls_versions: fromJson<string[]>(r.tls_versions),
      alpn_protocols: fromJson<string[]>(r.alpn_protocols),
      session_persistence: sp
        ? {
            type: sp.type,
            cookie_name: sp.cookie_name,
            persistence_timeout: sp.persistence_timeout,
            persistence_granularity: sp.persistence_granularity,
          }
        : null,
      health_monitor_id: hmBy.get(id) ?? null,
      member_ids: (membersBy.get(id) ?? []).map((m) => m.id),
      listener_ids: listenersBy.get(id) ?? [],
      created_at: r.created_at,
      updated_at: r.updated_at,
      tags: tags.get(id) ?? [],
    });
  }
  return out;
}

function addUnique(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (!list) map.set(key, [value]);
  else if (!list.includes(value)) list.push(value);
}

export async function getPool(db: Db, id: string): Promise<Pool | null> {
  return (await loadPools(db, [id]))[0] ?? null;
}

export async function poolIdsOfLoadBalancer(db: Db, lbId: string): Promise<string[]> {
  const rows = await db.selectFrom('pool').select('id').where('load_balancer_id', '=', lbId).orderBy('created_at').orderBy('id').execute();
  return rows.map((r) => r.id);
}

/** The protocol and load balancer of a pool, or null when there is no such pool. */
export async function getPoolProtocol(db: Db, id: string): Promise<{ protocol: string; load_balancer_id: string } | null> {
  return (await db.selectFrom('pool').select(['protocol', 'load_balancer_id']).where('id', '=', id).executeTakeFirst()) ?? null;
}

export async function insertPool(db: Db, p: NewPool): Promise<void> {
  await db
    .insertInto('pool')
    .values({
      id: p.id,
      project_id: p.project_id,
      name: p.name,
      description: p.description,
      protocol: p.protocol,
      lb_algorithm: p.lb_algorithm,
      provisioning_status: 'PENDING_CREATE',
      operating_status: 'OFFLINE',
      enabled: toFlag(p.enabled),
      load_balancer_id: p.load_balancer_id,
      tls_certificate_id: p.tls_certificate_id,
      ca_tls_certificate_id: p.ca_tls_certificate_id,
      crl_container_id: p.crl_container_id,
      tls_enabled: toFlag(p.tls_enabled),
      tls_ciphers: p.tls_ciphers,
      tls_versions: toJson(p.tls_versions),
      alpn_protocols: toJson(p.alpn_protocols),
      created_at: nowTimestamp(),
      updated_at: null,
    })
    .execute();
  if (p.session_persistence) await setSessionPersistence(db, p.id, p.session_persistence);
  if (p.tags.length > 0) await replaceTags(db, p.id, p.tags);
}

export async function updatePool(db: Db, id: string, changes: PoolChanges): Promise<void> {
  const { session_persistence, tags, enabled, tls_enabled, tls_versions, alpn_protocols, ...plain } = changes;
  const set: Updateable<PoolTable> = { ...(plain satisfies OnlyColumns<typeof plain, PoolTable>), updated_at: nowTimestamp() };
  if (enabled !== undefined) set.enabled = toFlag(enabled);
  if (tls_enabled !== undefined) set.tls_enabled = toFlag(tls_enabled);
  if (tls_versions !== undefined) set.tls_versions = toJson(tls_versions);
  if (alpn_protocols !== undefined) set.alpn_protocols = toJson(alpn_protocols);
  await db.updateTable('pool').set(set).where('id', '=', id).execute();
  if (session_persistence !== undefined) await setSessionPersistence(db, id, session_persistence);
  if (tags !== undefined) await replaceTags(db, id, tags);
}

async function setSessionPersistence(db: Db, poolId: string, sp: SessionPersistence | null): Promise<void> {
  await db.deleteFrom('session_persistence').where('pool_id', '=', poolId).execute();
  if (sp)
    await db
      .insertInto('session_persistence')
      .values({ pool_id: poolId, ...sp })
      .execute();
}

/** Removes a pool with its members, health monitor and persistence; listeners stop pointing at it. */
export async function deletePool(db: Db, id: string): Promise<void> {
  const members = await db.selectFrom('member').select('id').where('pool_id', '=', id).execute();
  await deleteMembers(
    db,
    members.map((m) => m.id),
  );
  const hm = await db.selectFrom('health_monitor').select('id').where('pool_id', '=', id).executeTakeFirst();
  if (hm) await deleteHealthMonitor(db, hm.id);
  await db.deleteFrom('session_persistence').where('pool_id', '=', id).execute();
  await db.updateTable('listener').set({ default_pool_id: null }).where('default_pool_id', '=', id).execute();
  await db.updateTable('l7policy').set({ redirect_pool_id: null }).where('redirect_pool_id', '=', id).execute();
  await deleteTags(db, [id]);
  await db.deleteFrom('pool').where('id', '=', id).execute();
}

import { sql } from 'kysely';
import { nowTimestamp } from '../../common/time.js';
import type { Db } from '../connection.js';
import type { LoadBalancer, Vip } from '../models.js';
import type { AdditionalVipRow, LoadBalancerRow, LoadBalancerTable, Updateable, VipRow } from '../schema.js';
import { chunks, fromFlag, groupBy, toFlag } from './rows.js';
import { deleteTags, loadTags, replaceTags } from './tags.js';

export type NewLoadBalancer = Omit<
  LoadBalancer,
  'created_at' | 'updated_at' | 'listener_ids' | 'pool_ids' | 'operating_status' | 'provisioning_status'
>;

function vipFrom(row: VipRow | undefined): Vip {
  return {
    ip_address: row?.ip_address ?? null,
    port_id: row?.port_id ?? null,
    subnet_id: row?.subnet_id ?? null,
    network_id: row?.network_id ?? null,
    qos_policy_id: row?.qos_policy_id ?? null,
    octavia_owned: fromFlag(row?.octavia_owned),
  };
}

/** Loads complete load balancers (VIPs, child ids, tags) for the given ids, in the order given. */
export async function loadLoadBalancers(db: Db, ids: readonly string[]): Promise<LoadBalancer[]> {
  if (ids.length === 0) return [];
  const lbs: LoadBalancerRow[] = [];
  const vips: VipRow[] = [];
  const additional: AdditionalVipRow[] = [];
  const listeners: { id: string; load_balancer_id: string }[] = [];
  const pools: { id: string; load_balancer_id: string }[] = [];
  for (const part of chunks(ids)) {
    lbs.push(...(await db.selectFrom('load_balancer').selectAll().where('id', 'in', part).execute()));
    vips.push(...(await db.selectFrom('vip').selectAll().where('load_balancer_id', 'in', part).execute()));
    additional.push(...(await db.selectFrom('additional_vip').selectAll().where('load_balancer_id', 'in', part).execute()));
    listeners.push(
      ...(await db
        .selectFrom('listener')
        .select(['id', 'load_balancer_id'])
        .where('load_balancer_id', 'in', part)
        .orderBy('created_at')
        .orderBy('id')
        .execute()),
    );
    pools.push(
      ...(await db
        .selectFrom('pool')
        .select(['id', 'load_balancer_id'])
        .where('load_balancer_id', 'in', part)
        .orderBy('created_at')
        .orderBy('id')
        .execute()),
    );
  }
  const tags = await loadTags(db, ids);
  const vipBy = new Map(vips.map((v) => [v.load_balancer_id, v]));
  const addBy = groupBy(additional, (r) => r.load_balancer_id);
  const listenersBy = groupBy(listeners, (r) => r.load_balancer_id);
  const poolsBy = groupBy(pools, (r) => r.load_balancer_id);
  const byId = new Map(lbs.map((lb) => [lb.id, lb]));
  const out: LoadBalancer[] = [];
  for (const id of ids) {
    const row = byId.get(id);
    if (!row) continue;
    out.push({
      id: row.id,
      project_id: row.project_id,
      name: row.name,
      description: row.description,
      provisioning_status: row.provisioning_status,
      operating_status: row.operating_status,
      enabled: fromFlag(row.enabled),
      topology: row.topology,
      provider: row.provider,
      flavor_id: row.flavor_id,
      availability_zone: row.availability_zone,
      created_at: row.created_at,
      updated_at: row.updated_at,
      vip: vipFrom(vipBy.get(id)),
      additional_vips: (addBy.get(id) ?? []).map((a) => ({
        subnet_id: a.subnet_id,
        ip_address: a.ip_address,
        port_id: a.port_id,
        network_id: a.network_id,
      })),
      listener_ids: (listenersBy.get(id) ?? []).map((l) => l.id),
      pool_ids: (poolsBy.get(id) ?? []).map((p) => p.id),
      tags: tags.get(id) ?? [],
    });
  }
  return out;
}

/** A load balancer that is not DELETED, or null. */
export async function getLoadBalancer(db: Db, id: string): Promise<LoadBalancer | null> {
  const [lb] = await loadLoadBalancers(db, [id]);
  return lb && lb.provisioning_status !== 'DELETED' ? lb : null;
}

export async function loadBalancerExists(db: Db, id: string): Promise<boolean> {
  const row = await db.selectFrom('load_balancer').select('id').where('id', '=', id).executeTakeFirst();
  return row !== undefined;
}

/** The subnet of the load balancer's VIP, or null (no VIP row, or a VIP without a subnet). */
export async function vipSubnetOfLoadBalancer(db: Db, lbId: string): Promise<string | null> {
  const row = await db.selectFrom('vip').select('subnet_id').where('load_balancer_id', '=', lbId).executeTakeFirst();
  return row?.subnet_id ?? null;
}

/** A load balancer's id and project, whatever its status (the owner of an amphora), or null. */
export async function loadBalancerOwner(db: Db, id: string): Promise<{ id: string; project_id: string | null } | null> {
  return (await db.selectFrom('load_balancer').select(['id', 'project_id']).where('id', '=', id).executeTakeFirst()) ?? null;
}

export async function insertLoadBalancer(db: Db, lb: NewLoadBalancer): Promise<void> {
  const now = nowTimestamp();
  await db
    .insertInto('load_balancer')
    .values({
      id: lb.id,
      project_id: lb.project_id,
      name: lb.name,
      description: lb.description,
      provisioning_status: 'PENDING_CREATE',
      operating_status: 'OFFLINE',
      enabled: toFlag(lb.enabled),
      topology: lb.topology,
      server_group_id: null,
      provider: lb.provider,
      flavor_id: lb.flavor_id,
      availability_zone: lb.availability_zone,
      created_at: now,
      updated_at: null,
    })
    .execute();
  await db
    .insertInto('vip')
    .values({
      load_balancer_id: lb.id,
      ip_address: lb.vip.ip_address,
      port_id: lb.vip.port_id,
      subnet_id: lb.vip.subnet_id,
      network_id: lb.vip.network_id,
      qos_policy_id: lb.vip.qos_policy_id,
      octavia_owned: toFlag(lb.vip.octavia_owned),
    })
    .execute();
  if (lb.additional_vips.length > 0) {
    await db
      .insertInto('additional_vip')
      .values(lb.additional_vips.map((a) => ({ load_balancer_id: lb.id, ...a })))
      .execute();
  }
  if (lb.tags.length > 0) await replaceTags(db, lb.id, lb.tags);
}

export type LoadBalancerChanges = Partial<Pick<LoadBalancer, 'name' | 'description' | 'enabled' | 'tags'>> & {
  vip_qos_policy_id?: Vip['qos_policy_id'];
};

export async function updateLoadBalancer(db: Db, id: string, changes: LoadBalancerChanges): Promise<void> {
  const set: Updateable<LoadBalancerTable> = { updated_at: nowTimestamp() };
  if (changes.name !== undefined) set.name = changes.name;
  if (changes.description !== undefined) set.description = changes.description;
  if (changes.enabled !== undefined) set.enabled = toFlag(changes.enabled);
  await db.updateTable('load_balancer').set(set).where('id', '=', id).execute();
  if (changes.vip_qos_policy_id !== undefined) {
    await db.updateTable('vip').set({ qos_policy_id: changes.vip_qos_policy_id }).where('load_balancer_id', '=', id).execute();
  }
  if (changes.tags !== undefined) await replaceTags(db, id, changes.tags);
}

export async function setLoadBalancerStatus(
  db: Db,
  id: string,
  status: Pick<Updateable<LoadBalancerTable>, 'provisioning_status' | 'operating_status'>,
): Promise<void> {
  await db
    .updateTable('load_balancer')
    .set({ ...status, updated_at: nowTimestamp() })
    .where('id', '=', id)
    .execute();
}

/** Hard delete of a load balancer row and its own rows (housekeeping purge; the API only soft-deletes). */
export async function purgeLoadBalancer(db: Db, id: string): Promise<void> {
  await db.deleteFrom('additional_vip').where('load_balancer_id', '=', id).execute();
  await db.deleteFrom('vip').where('load_balancer_id', '=', id).execute();
  await db.deleteFrom('vrrp_group').where('load_balancer_id', '=', id).execute();
  await db.updateTable('amphora').set({ load_balancer_id: null }).where('load_balancer_id', '=', id).execute();
  await deleteTags(db, [id]);
  await db.deleteFrom('load_balancer').where('id', '=', id).execute();
}

export const HIDE_DELETED_LB = sql`load_balancer.provisioning_status <> 'DELETED'`;

/** Soft-deleted load balancers last updated before the cutoff (or never): the ones housekeeping purges. */
export async function deletedLoadBalancerIdsBefore(db: Db, cutoff: string): Promise<string[]> {
  const rows = await db
    .selectFrom('load_balancer')
    .select('id')
    .where('provisioning_status', '=', 'DELETED')
    .where((eb) => eb.or([eb('updated_at', '<', cutoff), eb('updated_at', 'is', null)]))
    .execute();
  return rows.map((r) => r.id);
}

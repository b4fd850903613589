import { transportOf } from '../../common/constants.js';
import { nowTimestamp } from '../../common/time.js';
import type { Db } from '../connection.js';
import type { Listener } from '../models.js';
import type { ListenerRow, ListenerTable, Updateable } from '../schema.js';
import { chunks, fromFlag, fromJson, groupBy, type OnlyColumns, toFlag, toJson } from './rows.js';
import { deleteL7Policies } from './l7policies.js';
import { deleteTags, loadTags, replaceTags } from './tags.js';

export type NewListener = Omit<Listener, 'created_at' | 'updated_at' | 'l7policy_ids' | 'provisioning_status' | 'operating_status'>;
export type ListenerChanges = Partial<Omit<NewListener, 'id' | 'project_id' | 'load_balancer_id' | 'protocol' | 'protocol_port'>>;

export async function loadListeners(db: Db, ids: readonly string[]): Promise<Listener[]> {
  if (ids.length === 0) return [];
  const rows: ListenerRow[] = [];
  const snis: { listener_id: string; tls_container_id: string }[] = [];
  const cidrs: { listener_id: string; cidr: string }[] = [];
  const policies: { id: string; listener_id: string }[] = [];
  for (const part of chunks(ids)) {
    rows.push(...(await db.selectFrom('listener').selectAll().where('id', 'in', part).execute()));
    snis.push(
      ...(await db
        .selectFrom('sni')
        .select(['listener_id', 'tls_container_id'])
        .where('listener_id', 'in', part)
        .orderBy('position')
        .execute()),
    );
    cidrs.push(
      ...(await db.selectFrom('listener_cidr').select(['listener_id', 'cidr']).where('listener_id', 'in', part).orderBy('cidr').execute()),
    );
    policies.push(
      ...(await db.selectFrom('l7policy').select(['id', 'listener_id']).where('listener_id', 'in', part).orderBy('position').execute()),
    );
  }
  const tags = await loadTags(db, ids);
  const sniBy = groupBy(snis, (r) => r.listener_id);
  const cidrBy = groupBy(cidrs, (r) => r.listener_id);
  const policyBy = groupBy(policies, (r) => r.listener_id);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const out: Listener[] = [];
  for (const id of ids) {
    const r = byId.get(id);
    if (!r) continue;
    out.push({
      id: r.id,
      project_id: r.project_id,
      name: r.name,
      description: r.description,
      protocol: r.protocol,
      protocol_port: r.protocol_port,
      connection_limit: r.connection_limit,
      load_balancer_id: r.load_balancer_id,
      tls_certificate_id: r.tls_certificate_id,
      default_pool_id: r.default_pool_id,
      provisioning_status: r.provisioning_status,
      operating_status: r.operating_status,
      enabled: fromFlag(r.enabled),
      insert_headers: fromJson<Record<string, string>>(r.insert_headers) ?? {},
      timeout_client_data: r.timeout_client_data,
      timeout_member_connect: r.timeout_member_connect,
      timeout_member_data: r.timeout_member_data,
      timeout_tcp_inspect: r.timeout_tcp_inspect,
      client_ca_tls_certificate_id: r.client_ca_tls_certificate_id,
      client_authentication: r.client_authentication,
      client_crl_container_id: r.client_crl_container_id,
      tls_ciphers: r.tls_ciphers,
      tls_versions: fromJson<string[]>(r.tls_versions),
      alpn_protocols: fromJson<string[]>(r.alpn_protocols),
      sni_container_refs: (sniBy.get(id) ?? []).map((s) => s.tls_container_id),
      allowed_cidrs: (cidrBy.get(id) ?? []).map((c) => c.cidr),
      l7policy_ids: (policyBy.get(id) ?? []).map((p) => p.id),
      created_at: r.created_at,
      updated_at: r.updated_at,
      tags: tags.get(id) ?? [],
    });
  }
  return out;
}

export async function getListener(db: Db, id: string): Promise<Listener | null> {
  return (await loadListeners(db, [id]))[0] ?? null;
}

export async function listenerIdsOfLoadBalancer(db: Db, lbId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('listener')
    .select('id')
    .where('load_balancer_id', '=', lbId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Every listener of the load balancer that is not being deleted becomes ERROR (a failed configuration push). */
export async function listenersOfLoadBalancerToError(db: Db, lbId: string): Promise<void> {
  await db
    .updateTable('listener')
    .set({ provisioning_status: 'ERROR', updated_at: nowTimestamp() })
    .where('load_balancer_id', '=', lbId)
    .where('provisioning_status', 'not in', ['PENDING_DELETE'])
    .execute();
}

/** Listeners that use a pool: as default pool, or through an enabled L7 policy with at least one rule. */
export async function listenerIdsUsingPool(db: Db, poolId: string): Promise<string[]> {
  const byDefault = await db.selectFrom('listener').select('id').where('default_pool_id', '=', poolId).execute();
  const byPolicy = await db
    .selectFrom('l7policy')
    .select('listener_id as id')
    .where('redirect_pool_id', '=', poolId)
    .where('enabled', '=', 1)
    .where((eb) => eb.exists(eb.selectFrom('l7rule').select('l7rule.id').whereRef('l7rule.l7policy_id', '=', 'l7policy.id')))
    .execute();
  return [...new Set([...byDefault, ...byPolicy].map((r) => r.id))];
}

export async function listenerDefaultPoolId(db: Db, id: string): Promise<string | null> {
  const row = await db.selectFrom('listener').select('default_pool_id').where('id', '=', id).executeTakeFirst();
  return row?.default_pool_id ?? null;
}

/** Points a listener at its default pool without stamping updated_at (a pool create, not a listener update). */
export async function setListenerDefaultPool(db: Db, id: string, poolId: string): Promise<void> {
  await db.updateTable('listener').set({ default_pool_id: poolId }).where('id', '=', id).execute();
}

/** The listener of a load balancer on `port` within a transport (TCP-family, UDP, SCTP), or null. */
export async function findListenerOnPort(db: Db, lbId: string, port: number, transport: string): Promise<{ protocol: string } | null> {
  const row = await db
    .selectFrom('listener')
    .select(['protocol'])
    .where('load_balancer_id', '=', lbId)
    .where('protocol_port', '=', port)
    .where('transport', '=', transport)
    .executeTakeFirst();
  return row ?? null;
}

export async function insertListener(db: Db, l: NewListener): Promise<void> {
  await db
    .insertInto('listener')
    .values({
      id: l.id,
      project_id: l.project_id,
      name: l.name,
      description: l.description,
      protocol: l.protocol,
      transport: transportOf(l.protocol),
      protocol_port: l.protocol_port,
      connection_limit: l.connection_limit,
      load_balancer_id: l.load_balancer_id,
      tls_certificate_id: l.tls_certificate_id,
      default_pool_id: l.default_pool_id,
      provisioning_status: 'PENDING_CREATE',
      operating_status: 'OFFLINE',
      enabled: toFlag(l.enabled),
      peer_port: null,
      insert_headers: toJson(l.insert_headers),
      timeout_client_data: l.timeout_client_data,
      timeout_member_connect: l.timeout_member_connect,
      timeout_member_data: l.timeout_member_data,
      timeout_tcp_inspect: l.timeout_tcp_inspect,
      client_ca_tls_certificate_id: l.client_ca_tls_certificate_id,
      client_authentication: l.client_authentication,
      client_crl_container_id: l.client_crl_container_id,
      tls_ciphers: l.tls_ciphers,
      tls_versions: toJson(l.tls_versions),
      alpn_protocols: toJson(l.alpn_protocols),
      created_at: nowTimestamp(),
      updated_at: null,
    })
    .execute();
  await replaceSnis(db, l.id, l.sni_container_refs);
  await replaceCidrs(db, l.id, l.allowed_cidrs);
  if (l.tags.length > 0) await replaceTags(db, l.id, l.tags);
}

export async function updateListener(db: Db, id: string, changes: ListenerChanges): Promise<void> {
  const { sni_container_refs, allowed_cidrs, tags, enabled, insert_headers, tls_versions, alpn_protocols, ...plain } = changes;
  const set: Updateable<ListenerTable> = { updated_at: nowTimestamp(), ...(plain satisfies OnlyColumns<typeof plain, ListenerTable>) };
  if (enabled !== undefined) set.enabled = toFlag(enabled);
  if (insert_headers !== undefined) set.insert_headers = toJson(insert_headers);
  if (tls_versions !== undefined) set.tls_versions = toJson(tls_versions);
  if (alpn_protocols !== undefined) set.alpn_protocols = toJson(alpn_protocols);
  await db.updateTable('listener').set(set).where('id', '=', id).execute();
  if (sni_container_refs !== undefined) await replaceSnis(db, id, sni_container_refs);
  if (allowed_cidrs !== undefined) await replaceCidrs(db, id, allowed_cidrs);
  if (tags !== undefined) await replaceTags(db, id, tags);
}

async function replaceSnis(db: Db, id: string, refs: readonly string[]): Promise<void> {
  await db.deleteFrom('sni').where('listener_id', '=', id).execute();
  const unique = [...new Set(refs)];
  if (unique.length > 0) {
    await db
      .insertInto('sni')
      .values(unique.map((ref, position) => ({ listener_id: id, tls_container_id: ref, position })))
      .execute();
  }
}

async function replaceCidrs(db: Db, id: string, cidrs: readonly string[]): Promise<void> {
  await db.deleteFrom('listener_cidr').where('listener_id', '=', id).execute();
  const unique = [...new Set(cidrs)];
  if (unique.length > 0) {
    await db
      .insertInto('listener_cidr')
      .values(unique.map((cidr) => ({ listener_id: id, cidr })))
      .execute();
  }
}

/** Removes a listener and everything that hangs off it (policies, rules, SNI, CIDRs, statistics, tags). */
export async function deleteListener(db: Db, id: string): Promise<void> {
  const policies = await db.selectFrom('l7policy').select('id').where('listener_id', '=', id).execute();
  await deleteL7Policies(
    db,
    policies.map((p) => p.id),
  );
  await db.deleteFrom('sni').where('listener_id', '=', id).execute();
  await db.deleteFrom('listener_cidr').where('listener_id', '=', id).execute();
  await db.deleteFrom('listener_statistics').where('listener_id', '=', id).execute();
  await deleteTags(db, [id]);
  await db.deleteFrom('listener').where('id', '=', id).execute();
}

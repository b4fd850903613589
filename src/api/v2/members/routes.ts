import type { FastifyInstance } from 'fastify';
import { ApiFault, notFound } from '../../../common/faults.js';
import { convert } from '../../validation/validate.js';
import type { Member } from '../../../db/models.js';
import { listenerIdsUsingPool } from '../../../db/repositories/listeners.js';
import { getMember, insertMember, loadMembers, membersOfPoolFilter, updateMember } from '../../../db/repositories/members.js';
import { action, authorize } from '../../auth/policy.js';
import { single, type Query } from '../../list/params.js';
import type { ApiServices } from '../../services.js';
import { callProvider, writeTransaction } from '../../transaction.js';
import { parseBody } from '../common/body.js';
import { memberCollection } from '../common/collections.js';
import { listCollection, showFields } from '../common/list.js';
import { lockForChildChange, requireActiveParent } from '../common/locks.js';
import { requireLoadBalancer, requireMember, requirePool } from '../common/lookups.js';
import { missingId, providerOf } from '../common/provider.js';
import { runMemberBatch } from './batch.js';
import { assertMemberFree, checkNotReserved, checkSubnet, prepareMember } from './prepare.js';
import { type MemberPost, MemberPostSchema, type MemberPut, MemberPutSchema, MembersBatchSchema } from './schema.js';
import { renderMember } from './view.js';
import { checkQuota } from '../quotas/check.js';
import { MemberListResponse, MemberResponse, MemberShowResponse } from './response.js';
import { responds } from '../common/response.js';

type PoolParams = { Params: { pool_id: string } };
type MemberParams = { Params: { pool_id: string; id: string } };

export function registerMemberRoutes(app: FastifyInstance, services: ApiServices): void {
  const { db, enforcer } = services;
  const rbac = (verb: string) => action('member', verb);

  async function memberOfPool(poolId: string, id: string): Promise<Member> {
    await requirePool(db, poolId);
    const member = await requireMember(db, id);
    if (member.pool_id !== poolId) throw notFound('Member', id);
    return member;
  }

  app.get<PoolParams>('/pools/:pool_id/members', responds(200, MemberListResponse), async (request) => {
    const pool = await requirePool(db, request.params.pool_id);
    authorize(enforcer, request.ctx, rbac('get_all'), { project_id: pool.project_id });
    return listCollection(services, request, memberCollection, [membersOfPoolFilter(pool.id)]);
  });

  app.get<MemberParams>('/pools/:pool_id/members/:id', responds(200, MemberShowResponse), async (request) => {
    const member = await memberOfPool(request.params.pool_id, request.params.id);
    authorize(enforcer, request.ctx, rbac('get_one'), { project_id: member.project_id });
    return { member: showFields(request, renderMember(member)) };
  });

  app.post<PoolParams>('/pools/:pool_id/members', responds(201, MemberResponse), async (request, reply) => {
    const input = parseBody<MemberPost>(request.body, 'member', MemberPostSchema, 'member_');
    const pool = await requirePool(db, request.params.pool_id);
    const lb = await requireLoadBalancer(db, pool.load_balancer_id);
    authorize(enforcer, request.ctx, rbac('post'), { project_id: lb.project_id });
    checkNotReserved(services, input.address as string);
    await checkSubnet(services, input.subnet_id);
    const driver = providerOf(services, lb);
    const member = prepareMember(input, pool, pool.health_monitor_id !== null);
    const rendered = await writeTransaction(services, async (call) => {
      await checkQuota(services, call.tx, request.ctx, 'member', lb.project_id);
      const fresh = await requirePool(call.tx, pool.id);
      requireActiveParent('Pool', fresh);
      await lockForChildChange(call.tx, lb.id, { listeners: fresh.listener_ids, pools: [pool.id] });
      await assertMemberFree(call.tx, pool.id, member.ip_address, member.protocol_port);
      await insertMember(call.tx, { ...member, operating_status: fresh.health_monitor_id ? 'OFFLINE' : 'NO_MONITOR' });
      const [created] = await loadMembers(call.tx, [member.id]);
      await callProvider(driver.name, () => driver.memberCreate(call, created!, fresh));
      // rendered before commit: an asynchronous provider may already be changing the rows afterwards
      return renderMember((await getMember(call.tx, member.id))!);
    });
    reply.code(201);
    return { member: rendered };
  });

  app.put<MemberParams>('/pools/:pool_id/members/:id', responds(200, MemberResponse), async (request) => {
    const input = parseBody<MemberPut>(request.body, 'member', MemberPutSchema, 'member_');
    const current = await memberOfPool(request.params.pool_id, request.params.id);
    const pool = await requirePool(db, current.pool_id);
    const lb = await requireLoadBalancer(db, pool.load_balancer_id);
    authorize(enforcer, request.ctx, rbac('put'), { project_id: lb.project_id });
    const given = (k: keyof MemberPut) => Object.hasOwn(input, k);
    const changes: Parameters<typeof updateMember>[2] = { provisioning_status: 'PENDING_UPDATE' };
    if (given('name')) changes.name = input.name ?? null;
    if (given('admin_state_up')) changes.enabled = Boolean(input.admin_state_up);
    if (given('weight')) changes.weight = input.weight ?? 1;
    if (given('backup')) changes.backup = Boolean(input.backup);
    if (given('monitor_port')) changes.monitor_port = input.monitor_port ?? null;
    if (given('monitor_address')) changes.monitor_address = input.monitor_address ?? null;
    if (given('tags')) changes.tags = input.tags ?? [];
    const driver = providerOf(services, lb);
    const rendered = await writeTransaction(services, async (call) => {
      requireActiveParent('Pool', await requirePool(call.tx, pool.id));
      await lockForChildChange(call.tx, lb.id, { listeners: await listenerIdsUsingPool(call.tx, pool.id), pools: [pool.id] });
      await updateMember(call.tx, current.id, changes);
      const [updated] = await loadMembers(call.tx, [current.id]);
      await callProvider(driver.name, () => driver.memberUpdate(call, current, updated!));
      // rendered before commit: an asynchronous provider may already be changing the rows afterwards
      return renderMember((await getMember(call.tx, current.id))!);
    });
    return { member: rendered };
  });

  app.delete<MemberParams>('/pools/:pool_id/members/:id', async (request, reply) => {
    const current = await memberOfPool(request.params.pool_id, request.params.id);
    const pool = await requirePool(db, current.pool_id);
    const lb = await requireLoadBalancer(db, pool.load_balancer_id);
    authorize(enforcer, request.ctx, rbac('delete'), { project_id: lb.project_id });
    const driver = providerOf(services, lb);
    await writeTransaction(services, async (call) => {
      requireActiveParent('Pool', await requirePool(call.tx, pool.id));
      await lockForChildChange(call.tx, lb.id, { listeners: await listenerIdsUsingPool(call.tx, pool.id), pools: [pool.id] });
      await updateMember(call.tx, current.id, { provisioning_status: 'PENDING_DELETE' });
      await callProvider(driver.name, () => driver.memberDelete(call, current));
    });
    return reply.code(204).send();
  });

  app.put<PoolParams>('/pools/:pool_id/members', async (request, reply) => {
    const pool = await requirePool(db, request.params.pool_id);
    const body = parseBatchBody(request.body);
    const lb = await requireLoadBalancer(db, pool.load_balancer_id);
    const raw = single((request.query as Query).additive_only) ?? 'false';
    const additiveOnly = ['true', 't', 'yes', 'y', 'on', '1'].includes(raw.toLowerCase());
    authorize(enforcer, request.ctx, rbac('post'), { project_id: lb.project_id });
    authorize(enforcer, request.ctx, rbac('put'), { project_id: lb.project_id });
    if (!additiveOnly) authorize(enforcer, request.ctx, rbac('delete'), { project_id: lb.project_id });
    await runMemberBatch(services, lb, pool, body.members ?? [], additiveOnly, request.ctx);
    return reply.code(202).send();
  });

  app.delete('/pools/:pool_id/members', missingId);
}

function parseBatchBody(body: unknown): { members: MemberPost[] } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ApiFault(400, "Invalid input for field/attribute members. Value: 'None'. Mandatory field missing.");
  }
  return convert(body, MembersBatchSchema, { arg: 'members_', body }, 'members_') as { members: MemberPost[] };
}

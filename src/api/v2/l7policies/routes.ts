import type { FastifyInstance } from 'fastify';
import { getL7Policy, insertL7Policy, loadL7Policies, updateL7Policy } from '../../../db/repositories/l7policies.js';
import { setProvisioningStatus } from '../../../db/repositories/status-locks.js';
import { validationFailure } from '../../../common/faults.js';
import { action, authorize } from '../../auth/policy.js';
import type { ApiServices } from '../../services.js';
import { callProvider, writeTransaction } from '../../transaction.js';
import { parseBody } from '../common/body.js';
import { l7PolicyCollection } from '../common/collections.js';
import { listCollection, showFields } from '../common/list.js';
import { lockForChildChange } from '../common/locks.js';
import { requireL7Policy, requireListener, requireLoadBalancer } from '../common/lookups.js';
import { missingId, providerOf } from '../common/provider.js';
import { noChildren } from '../listeners/prepare.js';
import { checkRedirectPool, clearUnusedRedirects, defaultPosition, prepareL7Policy, sanitizePolicyArgs } from './prepare.js';
import { type L7PolicyPost, L7PolicyPostSchema, type L7PolicyPut, L7PolicyPutSchema } from './schema.js';
import { renderL7Policy } from './view.js';
import { checkQuota } from '../quotas/check.js';
import { L7PolicyListResponse, L7PolicyResponse, L7PolicyShowResponse } from './response.js';
import { responds } from '../common/response.js';

export function registerL7PolicyRoutes(app: FastifyInstance, services: ApiServices): void {
  const { db, enforcer } = services;
  const rbac = (verb: string) => action('l7policy', verb);

  app.get('/l7policies', responds(200, L7PolicyListResponse), async (request) => listCollection(services, request, l7PolicyCollection));

  app.get<{ Params: { id: string } }>('/l7policies/:id', responds(200, L7PolicyShowResponse), async (request) => {
    const policy = await requireL7Policy(db, request.params.id);
    authorize(enforcer, request.ctx, rbac('get_one'), { project_id: policy.project_id });
    return { l7policy: showFields(request, renderL7Policy(policy)) };
  });

  app.post('/l7policies', responds(201, L7PolicyResponse), async (request, reply) => {
    const input = parseBody<L7PolicyPost>(request.body, 'l7policy', L7PolicyPostSchema, 'l7policy_');
    const listener = await requireListener(db, input.listener_id as string);
    const lb = await requireLoadBalancer(db, listener.load_balancer_id);
    authorize(enforcer, request.ctx, rbac('post'), { project_id: lb.project_id });
    if (listener.protocol === 'PROMETHEUS') throw noChildren('PROMETHEUS');
    if (input.redirect_pool_id) await checkRedirectPool(db, input.redirect_pool_id, listener);
    if ((input.rules ?? []).length > 0) throw validationFailure('rules can only be created with the load balancer.');
    const driver = providerOf(services, lb);
    await callProvider(driver.name, () => driver.validateL7Policy?.(listener));
    const policy = prepareL7Policy(input, listener, lb.project_id);
    const rendered = await writeTransaction(services, async (call) => {
      await checkQuota(services, call.tx, request.ctx, 'l7policy', lb.project_id);
      await lockForChildChange(call.tx, lb.id, { listeners: [listener.id] });
      await insertL7Policy(call.tx, policy);
      const [created] = await loadL7Policies(call.tx, [policy.id]);
      await callProvider(driver.name, () => driver.l7policyCreate(call, created!, listener));
      // rendered before commit: an asynchronous provider may already be changing the rows afterwards
      return renderL7Policy((await getL7Policy(call.tx, policy.id))!);
    });
    reply.code(201);
    return { l7policy: rendered };
  });

  app.put<{ Params: { id: string } }>('/l7policies/:id', responds(200, L7PolicyResponse), async (request) => {
    const input = parseBody<L7PolicyPut>(request.body, 'l7policy', L7PolicyPutSchema, 'l7policy_');
    const current = await requireL7Policy(db, request.params.id);
    const listener = await requireListener(db, current.listener_id);
    const lb = await requireLoadBalancer(db, listener.load_balancer_id);
    authorize(enforcer, request.ctx, rbac('put'), { project_id: lb.project_id });
    const args = clearUnusedRedirects(sanitizePolicyArgs({ ...input }, false));
    if (args.redirect_pool_id) await checkRedirectPool(db, args.redirect_pool_id, listener);
    const given = (k: string) => Object.hasOwn(args, k);
    const changes: Parameters<typeof updateL7Policy>[2] = {};
    if (given('name')) changes.name = args.name ?? null;
    if (given('description')) changes.description = args.description ?? null;
    if (given('admin_state_up')) changes.enabled = Boolean(args.admin_state_up);
    if (given('action') && args.action) changes.action = args.action;
    for (const f of ['redirect_pool_id', 'redirect_url', 'redirect_prefix', 'redirect_http_code'] as const) {
      if (given(f)) (changes as Record<string, unknown>)[f] = args[f] ?? null;
    }
    if (given('position')) changes.position = defaultPosition(args.position);
    if (given('tags')) changes.tags = args.tags ?? [];
    const driver = providerOf(services, lb);
    const rendered = await writeTransaction(services, async (call) => {
      await lockForChildChange(call.tx, lb.id, { listeners: [listener.id], l7policies: [current.id] });
      await updateL7Policy(call.tx, current.id, changes);
      const [updated] = await loadL7Policies(call.tx, [current.id]);
      await callProvider(driver.name, () => driver.l7policyUpdate(call, current, updated!));
      // rendered before commit: an asynchronous provider may already be changing the rows afterwards
      return renderL7Policy((await getL7Policy(call.tx, current.id))!);
    });
    return { l7policy: rendered };
  });

  app.delete<{ Params: { id: string } }>('/l7policies/:id', async (request, reply) => {
    const current = await requireL7Policy(db, request.params.id);
    const listener = await requireListener(db, current.listener_id);
    const lb = await requireLoadBalancer(db, listener.load_balancer_id);
    authorize(enforcer, request.ctx, rbac('delete'), { project_id: lb.project_id });
    const driver = providerOf(services, lb);
    await writeTransaction(services, async (call) => {
      await lockForChildChange(call.tx, lb.id, { listeners: [listener.id] });
      await setProvisioningStatus(call.tx, 'l7policy', [current.id], 'PENDING_DELETE', { keepUpdatedAt: true });
      await callProvider(driver.name, () => driver.l7policyDelete(call, current));
    });
    return reply.code(204).send();
  });

  app.put('/l7policies', missingId);
  app.delete('/l7policies', missingId);
}

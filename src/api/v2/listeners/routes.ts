import type { FastifyInstance } from 'fastify';
import { validationFailure } from '../../../common/faults.js';
import { getListener, insertListener, loadListeners, updateListener } from '../../../db/repositories/listeners.js';
import { action, authorize } from '../../auth/policy.js';
import type { ApiServices } from '../../services.js';
import { callProvider, writeTransaction } from '../../transaction.js';
import { parseBody } from '../common/body.js';
import { listenerCollection } from '../common/collections.js';
import { listCollection, showFields } from '../common/list.js';
import { lockForChildChange } from '../common/locks.js';
import { requireListener, requireLoadBalancer } from '../common/lookups.js';
import { missingId, providerOf } from '../common/provider.js';
import { listenerStats } from '../../../db/repositories/statistics.js';
import { listenerTlsRefs, prefetchCertificates } from '../common/tls-prefetch.js';
import { checkDefaultPool, prepareListener, prepareListenerUpdate } from './prepare.js';
import { type ListenerPost, ListenerPostSchema, type ListenerPut, ListenerPutSchema } from './schema.js';
import { renderListener } from './view.js';
import { checkQuota } from '../quotas/check.js';
import { ListenerListResponse, ListenerResponse, ListenerShowResponse } from './response.js';
import { responds } from '../common/response.js';
import { StatsResponse } from '../common/stats-response.js';

export function registerListenerRoutes(app: FastifyInstance, services: ApiServices): void {
  const { db, enforcer } = services;
  const rbac = (verb: string) => action('listener', verb);

  app.get('/listeners', responds(200, ListenerListResponse), async (request) => listCollection(services, request, listenerCollection));

  app.get<{ Params: { id: string } }>('/listeners/:id', responds(200, ListenerShowResponse), async (request) => {
    const listener = await requireListener(db, request.params.id);
    authorize(enforcer, request.ctx, rbac('get_one'), { project_id: listener.project_id });
    return { listener: showFields(request, renderListener(listener)) };
  });

  app.post('/listeners', responds(201, ListenerResponse), async (request, reply) => {
    const input = parseBody<ListenerPost>(request.body, 'listener', ListenerPostSchema, 'listener_');
    const lb = await requireLoadBalancer(db, input.loadbalancer_id as string);
    authorize(enforcer, request.ctx, rbac('post'), { project_id: lb.project_id });
    const driver = providerOf(services, lb);
    await callProvider(driver.name, () => driver.validateListener?.({ protocol: input.protocol as string }));
    if (input.default_pool_id) await checkDefaultPool(db, lb.id, input.default_pool_id, input.protocol as string);
    if (input.default_pool || (input.l7policies ?? []).length > 0) {
      // only the single-call load balancer create builds children inline
      throw validationFailure('default_pool and l7policies can only be created with the load balancer.');
    }
    const certs = await prefetchCertificates(services.certs, listenerTlsRefs(input));
    const rendered = await writeTransaction(services, async (call) => {
      await checkQuota(services, call.tx, request.ctx, 'listener', lb.project_id);
      await lockForChildChange(call.tx, lb.id);
      const listener = await prepareListener({ ...services, certs }, call.tx, input, lb);
      await insertListener(call.tx, listener);
      const [created] = await loadListeners(call.tx, [listener.id]);
      await callProvider(driver.name, () => driver.listenerCreate(call, created!));
      // rendered before commit: an asynchronous provider may already be changing the rows afterwards
      return renderListener((await getListener(call.tx, listener.id))!);
    });
    reply.code(201);
    return { listener: rendered };
  });

  app.put<{ Params: { id: string } }>('/listeners/:id', responds(200, ListenerResponse), async (request) => {
    const input = parseBody<ListenerPut>(request.body, 'listener', ListenerPutSchema, 'listener_');
    const current = await requireListener(db, request.params.id);
    const lb = await requireLoadBalancer(db, current.load_balancer_id);
    authorize(enforcer, request.ctx, rbac('put'), { project_id: lb.project_id });
    const changes = await prepareListenerUpdate(services, input, current, lb);
    const driver = providerOf(services, lb);
    const rendered = await writeTransaction(services, async (call) => {
      await lockForChildChange(call.tx, lb.id, { listeners: [current.id] });
      await updateListener(call.tx, current.id, changes);
      const [updated] = await loadListeners(call.tx, [current.id]);
      await callProvider(driver.name, () => driver.listenerUpdate(call, current, updated!));
      // rendered before commit: an asynchronous provider may already be changing the rows afterwards
      return renderListener((await getListener(call.tx, current.id))!);
    });
    return { listener: rendered };
  });

  app.delete<{ Params: { id: string } }>('/listeners/:id', async (request, reply) => {
    const current = await requireListener(db, request.params.id);
    const lb = await requireLoadBalancer(db, current.load_balancer_id);
    authorize(enforcer, request.ctx, rbac('delete'), { project_id: lb.project_id });
    const driver = providerOf(services, lb);
    await writeTransaction(services, async (call) => {
      await lockForChildChange(call.tx, lb.id, { listeners: [current.id], listenerStatus: 'PENDING_DELETE' });
      await callProvider(driver.name, () => driver.listenerDelete(call, current));
    });
    return reply.code(204).send();
  });

  app.get<{ Params: { id: string } }>('/listeners/:id/stats', responds(200, StatsResponse), async (request) => {
    const listener = await requireListener(db, request.params.id);
    authorize(enforcer, request.ctx, rbac('get_stats'), { project_id: listener.project_id });
    return { stats: await listenerStats(db, [listener.id]) };
  });

  app.put('/listeners', missingId);
  app.delete('/listeners', missingId);
}

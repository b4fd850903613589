import type { FastifyInstance } from 'fastify';
import { ApiFault } from '../../../common/faults.js';
import {
  getHealthMonitor,
  insertHealthMonitor,
  loadHealthMonitors,
  updateHealthMonitor,
} from '../../../db/repositories/health-monitors.js';
import { listenerIdsUsingPool } from '../../../db/repositories/listeners.js';
import { setProvisioningStatus } from '../../../db/repositories/status-locks.js';
import { action, authorize } from '../../auth/policy.js';
import type { ApiServices } from '../../services.js';
import { callProvider, writeTransaction } from '../../transaction.js';
import { parseBody } from '../common/body.js';
import { healthMonitorCollection } from '../common/collections.js';
import { listCollection, showFields } from '../common/list.js';
import { lockForChildChange, requireActiveParent } from '../common/locks.js';
import { requireHealthMonitor, requireLoadBalancer, requirePool } from '../common/lookups.js';
import { missingId, providerOf } from '../common/provider.js';
import { prepareHealthMonitor, prepareHealthMonitorUpdate } from './prepare.js';
import { type HealthMonitorPost, HealthMonitorPostSchema, type HealthMonitorPut, HealthMonitorPutSchema } from './schema.js';
import { renderHealthMonitor } from './view.js';
import { checkQuota } from '../quotas/check.js';
import { HealthMonitorListResponse, HealthMonitorResponse, HealthMonitorShowResponse } from './response.js';
import { responds } from '../common/response.js';

export function registerHealthMonitorRoutes(app: FastifyInstance, services: ApiServices): void {
  const { db, enforcer } = services;
  const rbac = (verb: string) => action('healthmonitor', verb);

  app.get('/healthmonitors', responds(200, HealthMonitorListResponse), async (request) =>
    listCollection(services, request, healthMonitorCollection),
  );

  app.get<{ Params: { id: string } }>('/healthmonitors/:id', responds(200, HealthMonitorShowResponse), async (request) => {
    const hm = await requireHealthMonitor(db, request.params.id);
    authorize(enforcer, request.ctx, rbac('get_one'), { project_id: hm.project_id });
    return { healthmonitor: showFields(request, renderHealthMonitor(hm)) };
  });

  app.post('/healthmonitors', responds(201, HealthMonitorResponse), async (request, reply) => {
    const input = parseBody<HealthMonitorPost>(request.body, 'healthmonitor', HealthMonitorPostSchema, 'health_monitor_');
    const pool = await requirePool(db, input.pool_id as string);
    const lb = await requireLoadBalancer(db, pool.load_balancer_id);
    authorize(enforcer, request.ctx, rbac('post'), { project_id: lb.project_id });
    const hm = prepareHealthMonitor(services, input, pool);
    const driver = providerOf(services, lb);
    const rendered = await writeTransaction(services, async (call) => {
      await checkQuota(services, call.tx, request.ctx, 'healthmonitor', lb.project_id);
      const fresh = await requirePool(call.tx, pool.id);
      requireActiveParent('Pool', fresh);
      await lockForChildChange(call.tx, lb.id, { listeners: fresh.listener_ids, pools: [pool.id] });
      if (fresh.health_monitor_id) throw new ApiFault(409, 'This pool already has a health monitor');
      await insertHealthMonitor(call.tx, hm);
      const [created] = await loadHealthMonitors(call.tx, [hm.id]);
      await callProvider(driver.name, () => driver.healthMonitorCreate(call, created!));
      // rendered before commit: an asynchronous provider may already be changing the rows afterwards
      return renderHealthMonitor((await getHealthMonitor(call.tx, hm.id))!);
    });
    reply.code(201);
    return { healthmonitor: rendered };
  });

  app.put<{ Params: { id: string } }>('/healthmonitors/:id', responds(200, HealthMonitorResponse), async (request) => {
    const input = parseBody<HealthMonitorPut>(request.body, 'healthmonitor', HealthMonitorPutSchema, 'health_monitor_');
    const current = await requireHealthMonitor(db, request.params.id);
    const pool = await requirePool(db, current.pool_id);
    const lb = await requireLoadBalancer(db, pool.load_balancer_id);
    authorize(enforcer, request.ctx, rbac('put'), { project_id: lb.project_id });
    const changes = prepareHealthMonitorUpdate(services, input, current, pool);
    const driver = providerOf(services, lb);
    const rendered = await writeTransaction(services, async (call) => {
      requireActiveParent('Pool', await requirePool(call.tx, pool.id));
      await lockForChildChange(call.tx, lb.id, { listeners: await listenerIdsUsingPool(call.tx, pool.id), pools: [pool.id] });
      await updateHealthMonitor(call.tx, current.id, changes);
      await setProvisioningStatus(call.tx, 'health_monitor', [current.id], 'PENDING_UPDATE', { keepUpdatedAt: true });
      const [updated] = await loadHealthMonitors(call.tx, [current.id]);
      await callProvider(driver.name, () => driver.healthMonitorUpdate(call, current, updated!));
      // rendered before commit: an asynchronous provider may already be changing the rows afterwards
      return renderHealthMonitor((await getHealthMonitor(call.tx, current.id))!);
    });
    return { healthmonitor: rendered };
  });

  app.delete<{ Params: { id: string } }>('/healthmonitors/:id', async (request, reply) => {
    const current = await requireHealthMonitor(db, request.params.id);
    const pool = await requirePool(db, current.pool_id);
    const lb = await requireLoadBalancer(db, pool.load_balancer_id);
    authorize(enforcer, request.ctx, rbac('delete'), { project_id: lb.project_id });
    const driver = providerOf(services, lb);
    await writeTransaction(services, async (call) => {
      requireActiveParent('Pool', await requirePool(call.tx, pool.id));
      await lockForChildChange(call.tx, lb.id, { listeners: await listenerIdsUsingPool(call.tx, pool.id), pools: [pool.id] });
      await setProvisioningStatus(call.tx, 'health_monitor', [current.id], 'PENDING_DELETE', { keepUpdatedAt: true });
      await callProvider(driver.name, () => driver.healthMonitorDelete(call, current));
    });
    return reply.code(204).send();
  });

  app.put('/healthmonitors', missingId);
  app.delete('/healthmonitors', missingId);
}

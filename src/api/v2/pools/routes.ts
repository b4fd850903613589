import type { FastifyInstance } from 'fastify';
import { ApiFault, validationFailure } from '../../../common/faults.js';
import { l7PolicyIdRedirectingTo } from '../../../db/repositories/l7policies.js';
import { listenerDefaultPoolId, listenerIdsUsingPool, setListenerDefaultPool } from '../../../db/repositories/listeners.js';
import { getPool, insertPool, loadPools, updatePool } from '../../../db/repositories/pools.js';
import { setProvisioningStatus } from '../../../db/repositories/status-locks.js';
import { action, authorize } from '../../auth/policy.js';
import type { ApiServices } from '../../services.js';
import { callProvider, writeTransaction } from '../../transaction.js';
import { parseBody } from '../common/body.js';
import { poolCollection } from '../common/collections.js';
import { listCollection, showFields } from '../common/list.js';
import { lockForChildChange } from '../common/locks.js';
import { requireListener, requireLoadBalancer, requirePool } from '../common/lookups.js';
import { missingId, providerOf } from '../common/provider.js';
import { noChildren, validatePoolProtocol } from '../listeners/prepare.js';
import { preparePool, preparePoolUpdate } from './prepare.js';
import { type PoolPost, PoolPostSchema, type PoolPut, PoolPutSchema } from './schema.js';
import { renderPool } from './view.js';
import { checkQuota } from '../quotas/check.js';
import { PoolListResponse, PoolResponse, PoolShowResponse } from './response.js';
import { responds } from '../common/response.js';

export function registerPoolRoutes(app: FastifyInstance, services: ApiServices): void {
  const { db, enforcer } = services;
  const rbac = (verb: string) => action('pool', verb);

  app.get('/pools', responds(200, PoolListResponse), async (request) => listCollection(services, request, poolCollection));

  app.get<{ Params: { id: string } }>('/pools/:id', responds(200, PoolShowResponse), async (request) => {
    const pool = await requirePool(db, request.params.id);
    authorize(enforcer, request.ctx, rbac('get_one'), { project_id: pool.project_id });
    return { pool: showFields(request, renderPool(pool)) };
  });

  app.post('/pools', responds(201, PoolResponse), async (request, reply) => {
    const input = parseBody<PoolPost>(request.body, 'pool', PoolPostSchema, 'pool_');
    let lbId = input.loadbalancer_id ?? null;
    const listener = input.listener_id ? await requireListener(db, input.listener_id) : null;
    if (!lbId && listener) lbId = listener.load_balancer_id;
    if (!lbId) throw validationFailure('Must provide at least one of: loadbalancer_id, listener_id');
    const lb = await requireLoadBalancer(db, lbId);
    authorize(enforcer, request.ctx, rbac('post'), { project_id: lb.project_id });
    if (listener) {
      if (listener.load_balancer_id !== lb.id) throw validationFailure('Listener and pool must be on the same load balancer.');
      if (listener.protocol === 'PROMETHEUS') throw noChildren('PROMETHEUS');
      validatePoolProtocol(listener.protocol, input.protocol as string);
    }
    if (input.healthmonitor || (input.members ?? []).length > 0) {
      throw validationFailure('healthmonitor and members can only be created with the load balancer.');
    }
    const driver = providerOf(services, lb);
    await callProvider(driver.name, () =>
      driver.validatePool?.({ lb_algorithm: input.lb_algorithm as string, protocol: input.protocol as string }),
    );
    const pool = await preparePool(services, input, lb);
    const rendered = await writeTransaction(services, async (call) => {
      await checkQuota(services, call.tx, request.ctx, 'pool', lb.project_id);
      if (listener) {
        if (await listenerDefaultPoolId(call.tx, listener.id)) throw new ApiFault(409, 'This listener already has a default pool');
      }
      await lockForChildChange(call.tx, lb.id, { listeners: listener ? [listener.id] : [] });
      await insertPool(call.tx, pool);
      if (listener) await setListenerDefaultPool(call.tx, listener.id, pool.id);
      const [created] = await loadPools(call.tx, [pool.id]);
      await callProvider(driver.name, () => driver.poolCreate(call, created!));
      // rendered before commit: an asynchronous provider may already be changing the rows afterwards
      return renderPool((await getPool(call.tx, pool.id))!);
    });
    reply.code(201);
    return { pool: rendered };
  });

  app.put<{ Params: { id: string } }>('/pools/:id', responds(200, PoolResponse), async (request) => {
    const input = parseBody<PoolPut>(request.body, 'pool', PoolPutSchema, 'pool_');
    const current = await requirePool(db, request.params.id);
    const lb = await requireLoadBalancer(db, current.load_balancer_id);
    authorize(enforcer, request.ctx, rbac('put'), { project_id: lb.project_id });
    const changes = await preparePoolUpdate(services, input, current);
    const driver = providerOf(services, lb);
    if (changes.lb_algorithm) {
      await callProvider(driver.name, () =>
        driver.validatePool?.({ lb_algorithm: changes.lb_algorithm as string, protocol: current.protocol }),
      );
    }
    const rendered = await writeTransaction(services, async (call) => {
      await lockForChildChange(call.tx, lb.id, { listeners: await listenerIdsUsingPool(call.tx, current.id) });
      await updatePool(call.tx, current.id, { ...changes });
      await setProvisioningStatus(call.tx, 'pool', [current.id], 'PENDING_UPDATE', { keepUpdatedAt: true });
      const [updated] = await loadPools(call.tx, [current.id]);
      await callProvider(driver.name, () => driver.poolUpdate(call, current, updated!));
      // rendered before commit: an asynchronous provider may already be changing the rows afterwards
      return renderPool((await getPool(call.tx, current.id))!);
    });
    return { pool: rendered };
  });

  app.delete<{ Params: { id: string } }>('/pools/:id', async (request, reply) => {
    const current = await requirePool(db, request.params.id);
    const lb = await requireLoadBalancer(db, current.load_balancer_id);
    authorize(enforcer, request.ctx, rbac('delete'), { project_id: lb.project_id });
    const policyId = await l7PolicyIdRedirectingTo(db, current.id);
    if (policyId) throw new ApiFault(409, `Pool ${current.id} is in use by L7 policy ${policyId}`);
    const driver = providerOf(services, lb);
    await writeTransaction(services, async (call) => {
      await lockForChildChange(call.tx, lb.id, { listeners: await listenerIdsUsingPool(call.tx, current.id) });
      await setProvisioningStatus(call.tx, 'pool', [current.id], 'PENDING_DELETE', { keepUpdatedAt: true });
      await callProvider(driver.name, () => driver.poolDelete(call, current));
    });
    return reply.code(204).send();
  });

  app.put('/pools', missingId);
  app.delete('/pools', missingId);
}

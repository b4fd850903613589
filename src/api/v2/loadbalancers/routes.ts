import type { FastifyInstance } from 'fastify';
import { disabledOption, missingProjectId, validationFailure, ApiFault } from '../../../common/faults.js';
import { newId } from '../../../common/ids.js';
import { getAvailabilityZone } from '../../../db/repositories/availability-zones.js';
import { getFlavorForCreate } from '../../../db/repositories/flavors.js';
import { loadListeners } from '../../../db/repositories/listeners.js';
import { getLoadBalancer, insertLoadBalancer, loadLoadBalancers, updateLoadBalancer } from '../../../db/repositories/load-balancers.js';
import { loadPools } from '../../../db/repositories/pools.js';
import { NetworkServiceError, type AllocatedVip } from '../../../drivers/network/network-driver.js';
import { action, authorize } from '../../auth/policy.js';
import { type Query, single } from '../../list/params.js';
import type { ApiServices } from '../../services.js';
import { callProvider, writeTransaction } from '../../transaction.js';
import { adminState, bodyProject, parseBody } from '../common/body.js';
import { listCollection, showFields } from '../common/list.js';
import { lockLoadBalancer } from '../common/locks.js';
import { requireLoadBalancer } from '../common/lookups.js';
import { missingId, providerOf } from '../common/provider.js';
import { listenerStats } from '../../../db/repositories/statistics.js';
import { prefetchCertificates } from '../common/tls-prefetch.js';
import { loadBalancerCollection } from './collection.js';
import { createGraph, graphTlsRefs } from './graph.js';
import { renderFullLoadBalancer } from './graph-view.js';
import { type LoadBalancerPost, LoadBalancerPostSchema, type LoadBalancerPut, LoadBalancerPutSchema } from './schema.js';
import { checkQuota, verifyQuotasAfterInsert } from '../quotas/check.js';
import { statusTree } from './status-tree.js';
import { renderLoadBalancer } from './view.js';
import { resolveVip } from './vip.js';
import {
  LoadBalancerFullResponse,
  LoadBalancerListResponse,
  LoadBalancerResponse,
  LoadBalancerShowResponse,
  StatusResponse,
} from './response.js';
import { responds } from '../common/response.js';
import { StatsResponse } from '../common/stats-response.js';

const TRUE_WORDS = ['true', 't', 'yes', 'y', 'on', '1'];
const GRAPH_QUOTA_KINDS = ['pool', 'healthmonitor', 'member', 'listener', 'l7policy', 'l7rule'] as const;

export function registerLoadBalancerRoutes(app: FastifyInstance, services: ApiServices): void {
  const { db, enforcer } = services;
  const rbac = (verb: string) => action('loadbalancer', verb);

  app.get('/loadbalancers', responds(200, LoadBalancerListResponse), async (request) =>
    listCollection(services, request, loadBalancerCollection),
  );

  app.get<{ Params: { id: string } }>('/loadbalancers/:id', responds(200, LoadBalancerShowResponse), async (request) => {
    const lb = await requireLoadBalancer(db, request.params.id);
    authorize(enforcer, request.ctx, rbac('get_one'), { project_id: lb.project_id });
    return { loadbalancer: showFields(request, renderLoadBalancer(lb)) };
  });

  app.post('/loadbalancers', responds(201, LoadBalancerFullResponse), async (request, reply) => {
    const input = parseBody<LoadBalancerPost>(request.body, 'loadbalancer', LoadBalancerPostSchema, 'load_balancer');
    const projectId =
      bodyProject(input) ??
      request.ctx.projectId ??
      (request.ctx.authStrategy === 'noauth' ? services.config.api_settings.noauth_default_project : null);
    if (!projectId) throw missingProjectId();
    authorize(enforcer, request.ctx, rbac('post'), { project_id: projectId });
    const topology = services.config.controller_worker.loadbalancer_topology;
    const plan = await resolveVip(services, input, topology);
    const flavorProvider = await validateFlavorAndZone(services, input);
    let providerName = flavorProvider ?? input.provider ?? services.config.api_settings.default_provider_driver;
    if (flavorProvider && input.provider && flavorProvider !== input.provider) {
      throw new ApiFault(400, `Flavor '${input.flavor_id}' is not compatible with provider '${input.provider}'`);
    }
    const driver = services.providers.get(providerName);
    providerName = driver.name;
    const id = newId();
    const certs = await prefetchCertificates(services.certs, graphTlsRefs(input.listeners ?? [], input.pools ?? []));
    const vip = await allocateVip(services, id, projectId, plan);
    let rendered: Record<string, unknown>;
    try {
      rendered = await writeTransaction(services, async (call) => {
        await checkQuota(services, call.tx, request.ctx, 'loadbalancer', projectId);
        await insertLoadBalancer(call.tx, {
          id,
          project_id: projectId,
          name: input.name ?? null,
          description: input.description ?? null,
          enabled: adminState(input.admin_state_up),
          topology,
          provider: providerName,
          flavor_id: input.flavor_id ?? null,
          // '' is no zone: Octavia's checks skip it as falsy (stored, it names no availability_zone row)
          availability_zone: input.availability_zone || null,
          vip: { ...vip, qos_policy_id: plan.qosPolicyId },
          additional_vips: plan.additional.map((a) => ({
            subnet_id: a.subnet_id,
            ip_address: a.ip_address,
            port_id: null,
            network_id: a.network_id,
          })),
          tags: input.tags ?? [],
        });
        const [lb] = await loadLoadBalancers(call.tx, [id]);
        const listeners = input.listeners ?? [];
        const pools = input.pools ?? [];
        if (listeners.length > 0 || pools.length > 0) {
          await createGraph({ ...services, certs }, call.tx, lb!, driver, listeners, pools);
          // every object of the graph is charged, in Octavia's order (pools, their monitors and members, listeners);
          // Octavia 11 forgets the L7 policies and rules of a graph, we charge them too
          await verifyQuotasAfterInsert(services, call.tx, request.ctx, projectId, GRAPH_QUOTA_KINDS);
        }
        const [full] = await loadLoadBalancers(call.tx, [id]);
        const graph = { listeners: await loadListeners(call.tx, full!.listener_ids), pools: await loadPools(call.tx, full!.pool_ids) };
        await callProvider(driver.name, () => driver.loadbalancerCreate(call, full!, graph));
        // rendered before commit: an asynchronous provider may already be changing the rows afterwards
        return renderFullLoadBalancer(call.tx, (await getLoadBalancer(call.tx, id))!);
      });
    } catch (err) {
      await services.network.deallocateVip(vip).catch((e: unknown) => services.log.error({ err: e }, 'VIP release failed'));
      throw err;
    }
    reply.code(201);
    return { loadbalancer: rendered };
  });

  app.put<{ Params: { id: string } }>('/loadbalancers/:id', responds(200, LoadBalancerResponse), async (request) => {
    const input = parseBody<LoadBalancerPut>(request.body, 'loadbalancer', LoadBalancerPutSchema, 'load_balancer');
    const current = await requireLoadBalancer(db, request.params.id);
    authorize(enforcer, request.ctx, rbac('put'), { project_id: current.project_id });
    const given = (k: keyof LoadBalancerPut) => Object.hasOwn(input, k);
    if (given('vip_qos_policy_id')) {
      if (!services.network.qosEnabled) throw validationFailure('VIP QoS policy is not allowed in this deployment.');
    }
    const driver = providerOf(services, current);
    const rendered = await writeTransaction(services, async (call) => {
      await lockLoadBalancer(call.tx, current.id, 'update');
      await updateLoadBalancer(call.tx, current.id, {
        ...(given('name') ? { name: input.name ?? null } : {}),
        ...(given('description') ? { description: input.description ?? null } : {}),
        ...(given('admin_state_up') ? { enabled: Boolean(input.admin_state_up) } : {}),
        ...(given('tags') ? { tags: input.tags ?? [] } : {}),
        ...(given('vip_qos_policy_id') ? { vip_qos_policy_id: input.vip_qos_policy_id ?? null } : {}),
      });
      const [updated] = await loadLoadBalancers(call.tx, [current.id]);
      await callProvider(driver.name, () => driver.loadbalancerUpdate(call, current, updated!));
      // rendered before commit: an asynchronous provider may already be changing the rows afterwards
      return renderLoadBalancer((await getLoadBalancer(call.tx, current.id))!);
    });
    return { loadbalancer: rendered };
  });

  app.delete<{ Params: { id: string } }>('/loadbalancers/:id', async (request, reply) => {
    const current = await requireLoadBalancer(db, request.params.id);
    authorize(enforcer, request.ctx, rbac('delete'), { project_id: current.project_id });
    const cascade = TRUE_WORDS.includes((single((request.query as Query).cascade) ?? 'false').toLowerCase());
    const driver = providerOf(services, current);
    await writeTransaction(services, async (call) => {
      const [fresh] = await loadLoadBalancers(call.tx, [current.id]);
      if ((fresh!.listener_ids.length > 0 || fresh!.pool_ids.length > 0) && !cascade) {
        throw validationFailure(`Cannot delete Load Balancer ${current.id} - it has children`);
      }
      await lockLoadBalancer(call.tx, current.id, 'delete');
      await callProvider(driver.name, () => driver.loadbalancerDelete(call, fresh!, cascade));
    });
    return reply.code(204).send();
  });

  for (const path of ['/loadbalancers/:id/status', '/loadbalancers/:id/statuses']) {
    app.get<{ Params: { id: string } }>(path, responds(200, StatusResponse), async (request) => {
      const lb = await requireLoadBalancer(db, request.params.id);
      authorize(enforcer, request.ctx, rbac('get_status'), { project_id: lb.project_id });
      return statusTree(db, lb);
    });
  }

  app.get<{ Params: { id: string } }>('/loadbalancers/:id/stats', responds(200, StatsResponse), async (request) => {
    const lb = await requireLoadBalancer(db, request.params.id);
    authorize(enforcer, request.ctx, rbac('get_stats'), { project_id: lb.project_id });
    return { stats: await listenerStats(db, lb.listener_ids) };
  });

  app.put<{ Params: { id: string } }>('/loadbalancers/:id/failover', async (request, reply) => {
    const lb = await requireLoadBalancer(db, request.params.id);
    authorize(enforcer, request.ctx, rbac('put_failover'), { project_id: lb.project_id });
    const driver = providerOf(services, lb);
    await writeTransaction(services, async (call) => {
      await lockLoadBalancer(call.tx, lb.id, 'failover');
      await callProvider(driver.name, () => driver.loadbalancerFailover(call, lb));
    });
    return reply.code(202).send();
  });

  app.put('/loadbalancers', missingId);
  app.delete('/loadbalancers', missingId);
}

async function allocateVip(
  services: ApiServices,
  lbId: string,
  projectId: string,
  plan: { networkId: string; subnetId: string; ipAddress: string | null; portId: string | null },
): Promise<AllocatedVip> {
  try {
    return await services.network.allocateVip({
      loadBalancerId: lbId,
      projectId,
      networkId: plan.networkId,
      subnetId: plan.subnetId,
      ipAddress: plan.ipAddress,
      portId: plan.portId,
    });
  } catch (err) {
    if (err instanceof NetworkServiceError) throw new ApiFault(err.status, err.message);
    throw err;
  }
}

/** Flavor and availability zone must exist and be enabled; returns the flavor's provider, if any. */
async function validateFlavorAndZone(services: ApiServices, input: LoadBalancerPost): Promise<string | null> {
  let provider: string | null = null;
  if (input.flavor_id) {
    const flavor = await getFlavorForCreate(services.db, input.flavor_id);
    if (!flavor) throw validationFailure('Invalid flavor_id.');
    if (flavor.enabled !== 1) throw disabledOption('flavor', input.flavor_id);
    provider = flavor.provider_name;
  }
  if (input.availability_zone) {
    const az = await getAvailabilityZone(services.db, input.availability_zone);
    if (!az) throw validationFailure('Invalid availability zone.');
    if (az.enabled !== 1) throw disabledOption('availability_zone', input.availability_zone);
  }
  return provider;
}

// The amphora admin API (/v2/octavia/amphorae): list, show, delete, failover, agent config update, statistics.
import type { FastifyInstance } from 'fastify';
import { immutableObject, notFound } from '../../../common/faults.js';
import { listColumns } from '../../../db/list-query.js';
import { AMPHORA_NOT_DELETED, type Amphora, claimAmphoraForDelete, getAmphora, loadAmphorae } from '../../../db/repositories/amphorae.js';
import { loadBalancerOwner } from '../../../db/repositories/load-balancers.js';
import { amphoraListenerStats } from '../../../db/repositories/statistics.js';
import { enqueueJob } from '../../../jobboard/enqueue.js';
import { enqueueAmphoraFailover } from '../../../jobboard/failover.js';
import { laneOfAmphora, laneOfLoadBalancer } from '../../../jobboard/job.js';
import { MUTABLE_STATUSES } from '../../../db/repositories/status-locks.js';
import { action, authorize } from '../../auth/policy.js';
import type { ApiServices } from '../../services.js';
import { writeTransaction } from '../../transaction.js';
import type { CollectionDef } from '../common/list.js';
import { listCollection, showFields } from '../common/list.js';
import { missingId } from '../common/provider.js';
import { renderAmphora } from './view.js';
import { AmphoraListResponse, AmphoraShowResponse, AmphoraStatsResponse } from './response.js';
import { responds } from '../common/response.js';

const amphoraCollection: CollectionDef<Amphora> = {
  collectionKey: 'amphorae',
  linksKey: 'amphorae_links',
  rbacObject: null,
  load: loadAmphorae,
  render: renderAmphora,
  spec: {
    table: 'amphora',
    tagged: false,
    hidden: AMPHORA_NOT_DELETED,
    join: (qb) => qb.leftJoin('load_balancer', 'load_balancer.id', 'amphora.load_balancer_id'),
    columns: listColumns('amphora', {
      id: 'str',
      loadbalancer_id: ['load_balancer_id', 'str'],
      load_balancer_id: 'str',
      compute_id: 'str',
      lb_network_ip: 'str',
      vrrp_ip: 'str',
      ha_ip: 'str',
      vrrp_port_id: 'str',
      ha_port_id: 'str',
      cert_expiration: 'str',
      cert_busy: 'bool',
      role: 'str',
      status: 'str',
      vrrp_interface: 'str',
      vrrp_id: 'int',
      vrrp_priority: 'int',
      cached_zone: 'str',
      created_at: 'str',
      updated_at: 'str',
      image_id: 'str',
      compute_flavor: 'str',
      // Octavia filters amphorae by the project of their load balancer
      project_id: ['load_balancer.project_id', 'str'],
    }),
  },
};

export function amphoraRoutes(services: ApiServices) {
  return async (app: FastifyInstance): Promise<void> => {
    const { db, enforcer } = services;
    const rbac = (verb: string) => action('amphora', verb);
    const own = (request: { ctx: { projectId: string | null } }) => ({ project_id: request.ctx.projectId });

    async function visible(id: string): Promise<Amphora> {
      const amp = await getAmphora(db, id);
      if (!amp || amp.status === 'DELETED') throw notFound('Amphora', id);
      return amp;
    }

    app.get('/amphorae', responds(200, AmphoraListResponse), async (request) => {
      authorize(enforcer, request.ctx, rbac('get_all'), own(request));
      return listCollection(services, request, amphoraCollection);
    });

    app.get<{ Params: { id: string } }>('/amphorae/:id', responds(200, AmphoraShowResponse), async (request) => {
      const amp = await visible(request.params.id);
      authorize(enforcer, request.ctx, rbac('get_one'), own(request));
      return { amphora: showFields(request, renderAmphora(amp)) };
    });

    app.delete<{ Params: { id: string } }>('/amphorae/:id', async (request, reply) => {
      authorize(enforcer, request.ctx, rbac('delete'), own(request));
      const amp = await visible(request.params.id);
      await writeTransaction(services, async (call) => {
        if (!(await claimAmphoraForDelete(call.tx, amp.id))) throw immutableObject('Amphora', amp.id);
        call.afterCommit(() => services.jobSignal.notify());
        await enqueueJob(call.tx, {
          flow: 'delete_amphora',
          lane: laneOfAmphora(amp.id),
          payload: { amphoraId: amp.id, loadBalancerId: null },
        });
      });
      return reply.code(204).send();
    });

    app.put<{ Params: { id: string } }>('/amphorae/:id/failover', async (request, reply) => {
      const amp = await visible(request.params.id);
      const lb = amp.load_balancer_id ? await loadBalancerOwner(db, amp.load_balancer_id) : null;
      authorize(enforcer, request.ctx, rbac('put_failover'), { project_id: lb?.project_id ?? request.ctx.projectId });
      await writeTransaction(services, async (call) => {
        const target = { id: amp.id, load_balancer_id: lb?.id ?? null, role: amp.role };
        if (!(await enqueueAmphoraFailover(call.tx, target, MUTABLE_STATUSES)))
          throw immutableObject('Load Balancer', target.load_balancer_id as string);
        call.afterCommit(() => services.jobSignal.notify());
      });
      return reply.code(202).send();
    });

    app.put<{ Params: { id: string } }>('/amphorae/:id/config', async (request, reply) => {
      const amp = await visible(request.params.id);
      const lb = amp.load_balancer_id ? await loadBalancerOwner(db, amp.load_balancer_id) : null;
      authorize(enforcer, request.ctx, rbac('put_config'), { project_id: lb?.project_id ?? request.ctx.projectId });
      await writeTransaction(services, async (call) => {
        call.afterCommit(() => services.jobSignal.notify());
        await enqueueJob(call.tx, {
          flow: 'update_amphora_agent_config',
          lane: amp.load_balancer_id ? laneOfLoadBalancer(amp.load_balancer_id) : laneOfAmphora(amp.id),
          payload: { amphoraId: amp.id, loadBalancerId: amp.load_balancer_id },
        });
      });
      return reply.code(202).send();
    });

    app.get<{ Params: { id: string } }>('/amphorae/:id/stats', responds(200, AmphoraStatsResponse), async (request) => {
      authorize(enforcer, request.ctx, rbac('get_stats'), own(request));
      const rows = await amphoraListenerStats(db, request.params.id);
      if (rows.length === 0) throw notFound('Amphora stats for', request.params.id);
      return {
        amphora_stats: rows.map((r) => ({
          id: r.amphora_id,
          loadbalancer_id: r.load_balancer_id,
          listener_id: r.listener_id,
          active_connections: r.active_connections,
          bytes_in: r.bytes_in,
          bytes_out: r.bytes_out,
          request_errors: r.request_errors,
          total_connections: r.total_connections,
        })),
      };
    });

    app.put('/amphorae', missingId);
    app.delete('/amphorae', missingId);
  };
}

// /v2/lbaas/quotas: list, show (effective limits), default, update (202), reset (202). The project id in the path is
// free text, so GET /quotas/defaults is an ordinary show of the pseudo-project "defaults", as in Octavia.
import type { FastifyInstance } from 'fastify';
import { invalidInput, notFound } from '../../../common/faults.js';
import { listColumns } from '../../../db/list-query.js';
import {
  getQuotaRecord,
  loadQuotaRecords,
  type QuotaLimits,
  type QuotaRecord,
  resetQuotaLimits,
  updateQuotaLimits,
} from '../../../db/repositories/quotas.js';
import { action, authorize } from '../../auth/policy.js';
import type { ApiServices } from '../../services.js';
import { has, parseBody } from '../common/body.js';
import { type CollectionDef, listCollection } from '../common/list.js';
import { missingId } from '../common/provider.js';
import { type QuotaPut, QuotaPutSchema } from './schema.js';
import { effectiveLimits, renderQuota, renderQuotaRecord } from './view.js';
import { QuotaListResponse, QuotaResponse } from './response.js';
import { responds } from '../common/response.js';

const PROJECT_ID_MAX = 36;

const quotaCollection: CollectionDef<QuotaRecord> = {
  collectionKey: 'quotas',
  linksKey: 'quotas_links',
  rbacObject: 'quota',
  // Octavia's quota list takes no fields argument
  ignoresFields: true,
  load: loadQuotaRecords,
  render: renderQuotaRecord,
  spec: {
    table: 'quotas',
    // a quota record has neither id nor created_at (Octavia appends no sort key and its markers cannot work): the
    // project id is the marker and the last sort key, the order a MySQL primary-key scan gives Octavia
    key: 'project_id',
    defaultSort: ['project_id'],
    tagged: false,
    columns: listColumns(
      'quotas',
      {
        project_id: 'str',
        load_balancer: 'int',
        loadbalancer: ['load_balancer', 'int'],
        listener: 'int',
        pool: 'int',
        health_monitor: 'int',
        healthmonitor: ['health_monitor', 'int'],
        member: 'int',
        l7policy: 'int',
        l7rule: 'int',
        in_use_load_balancer: 'int',
        in_use_listener: 'int',
        in_use_pool: 'int',
        in_use_health_monitor: 'int',
        in_use_member: 'int',
        in_use_l7policy: 'int',
        in_use_l7rule: 'int',
      },
      ['project_id'],
    ),
  },
};

export function registerQuotaRoutes(app: FastifyInstance, services: ApiServices): void {
  const { db, enforcer, config } = services;
  const rbac = (verb: string) => action('quota', verb);

  app.get('/quotas', responds(200, QuotaListResponse), async (request) => listCollection(services, request, quotaCollection));

  app.get<{ Params: { projectId: string } }>('/quotas/:projectId', responds(200, QuotaResponse), async (request) => {
    const { projectId } = request.params;
    authorize(enforcer, request.ctx, rbac('get_one'), { project_id: projectId });
    return { quota: renderQuota(effectiveLimits(config, await getQuotaRecord(db, projectId))) };
  });

  app.get<{ Params: { projectId: string } }>('/quotas/:projectId/default', responds(200, QuotaResponse), async (request) => {
    authorize(enforcer, request.ctx, rbac('get_defaults'), { project_id: request.params.projectId });
    return { quota: renderQuota(effectiveLimits(config, undefined)) };
  });

  app.put<{ Params: { projectId: string } }>('/quotas/:projectId', responds(202, QuotaResponse), async (request, reply) => {
    const { projectId } = request.params;
    const input = parseBody<QuotaPut>(request.body, 'quota', QuotaPutSchema, 'quotas');
    authorize(enforcer, request.ctx, rbac('put'), { project_id: projectId });
    // the project_id column holds 36 characters (PostgreSQL and MariaDB refused longer ids: a 500)
    if ([...projectId].length > PROJECT_ID_MAX) {
      throw invalidInput('project_id', projectId, `Value should have a maximum character requirement of ${PROJECT_ID_MAX}`);
    }
    await updateQuotaLimits(db, services.dialect, projectId, limitChanges(input));
    reply.code(202);
    return { quota: renderQuota(effectiveLimits(config, await getQuotaRecord(db, projectId))) };
  });

  app.delete<{ Params: { projectId: string } }>('/quotas/:projectId', async (request, reply) => {
    const { projectId } = request.params;
    authorize(enforcer, request.ctx, rbac('delete'), { project_id: projectId });
    if (!(await resetQuotaLimits(db, projectId))) throw notFound('Quotas', projectId);
    return reply.code(202).send();
  });

  app.put('/quotas', missingId);
  app.delete('/quotas', missingId);
}

/**
 * API spellings → storage columns. Both spellings are accepted; given both, loadbalancer/healthmonitor win, as in
 * Octavia (QuotaBase.to_dict moves them over load_balancer/health_monitor).
 */
function limitChanges(input: QuotaPut): Partial<QuotaLimits> {
  const out: Partial<QuotaLimits> = {};
  const pick = (column: keyof QuotaLimits, ...keys: (keyof QuotaPut)[]) => {
    for (const key of keys) if (has(input, key)) out[column] = input[key] ?? null;
  };
  pick('load_balancer', 'load_balancer', 'loadbalancer');
  pick('listener', 'listener');
  pick('member', 'member');
  pick('pool', 'pool');
  pick('health_monitor', 'health_monitor', 'healthmonitor');
  pick('l7policy', 'l7policy');
  pick('l7rule', 'l7rule');
  return out;
}

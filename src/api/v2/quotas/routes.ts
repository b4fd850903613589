// /v2/lbaas/quotas: list, show (effective limits), default, update (202), reset (202). The project id in the path is
// free text, so GET /quotas/defaults is an ordinary show of the pseudo-project "defaults", as in Octavia.
import type { FastifyInstance } from 'fastify';
import { notFound } from '../../../common/faults.js';
import { getQuotaRecord, listQuotaRecords, type QuotaLimits, resetQuotaLimits, updateQuotaLimits } from '../../../db/repositories/quotas.js';
import { action, authorize, listScope } from '../../auth/policy.js';
import { type Query, single } from '../../list/params.js';
import type { ApiServices } from '../../services.js';
import { has, parseBody } from '../common/body.js';
import { missingId } from '../common/provider.js';
import { type QuotaPut, QuotaPutSchema } from './schema.js';
import { effectiveLimits, renderQuota, renderQuotaRecord } from './view.js';

export function registerQuotaRoutes(app: FastifyInstance, services: ApiServices): void {
  const { db, enforcer, config } = services;
  const rbac = (verb: string) => action('quota', verb);

  app.get('/quotas', async (request) => {
    const projectId = listScope(enforcer, request.ctx, 'quota', single((request.query as Query).project_id) ?? null);
    const records = await listQuotaRecords(db, projectId);
    return { quotas: records.map(renderQuotaRecord), quotas_links: [] };
  });

  app.get<{ Params: { projectId: string } }>('/quotas/:projectId', async (request) => {
    const { projectId } = request.params;
    authorize(enforcer, request.ctx, rbac('get_one'), { project_id: projectId });
    return { quota: renderQuota(effectiveLimits(config, await getQuotaRecord(db, projectId))) };
  });

  app.get<{ Params: { projectId: string } }>('/quotas/:projectId/default', async (request) => {
    authorize(enforcer, request.ctx, rbac('get_defaults'), { project_id: request.params.projectId });
    return { quota: renderQuota(effectiveLimits(config, undefined)) };
  });

  app.put<{ Params: { projectId: string } }>('/quotas/:projectId', async (request, reply) => {
    const { projectId } = request.params;
    const input = parseBody<QuotaPut>(request.body, 'quota', QuotaPutSchema, 'quotas');
    authorize(enforcer, request.ctx, rbac('put'), { project_id: projectId });
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

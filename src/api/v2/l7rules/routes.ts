import type { FastifyInstance } from 'fastify';
import { ApiFault, notFound } from '../../../common/faults.js';
import { MAX_L7_RULES_PER_POLICY } from '../../../common/constants.js';
import type { L7Rule } from '../../../db/models.js';
import {
  countL7Rules,
  getL7Rule,
  insertL7Rule,
  l7RulesOfPolicyFilter,
  loadL7Rules,
  updateL7Rule,
} from '../../../db/repositories/l7rules.js';
import { setProvisioningStatus } from '../../../db/repositories/status-locks.js';
import { action, authorize } from '../../auth/policy.js';
import type { ApiServices } from '../../services.js';
import { callProvider, writeTransaction } from '../../transaction.js';
import { parseBody } from '../common/body.js';
import { l7RuleCollection } from '../common/collections.js';
import { listCollection, showFields } from '../common/list.js';
import { lockForChildChange, requireActiveParent } from '../common/locks.js';
import { requireL7Policy, requireL7Rule, requireListener, requireLoadBalancer } from '../common/lookups.js';
import { missingId, providerOf } from '../common/provider.js';
import { prepareRule, validateRule } from './prepare.js';
import { type L7RulePost, L7RulePostSchema, type L7RulePut, L7RulePutSchema } from './schema.js';
import { renderL7Rule } from './view.js';
import { checkQuota } from '../quotas/check.js';
import { L7RuleListResponse, L7RuleResponse, L7RuleShowResponse } from './response.js';
import { responds } from '../common/response.js';

type PolicyParams = { Params: { l7policy_id: string } };
type RuleParams = { Params: { l7policy_id: string; id: string } };

export function registerL7RuleRoutes(app: FastifyInstance, services: ApiServices): void {
  const { db, enforcer } = services;
  const rbac = (verb: string) => action('l7rule', verb);
  // the sub-path names the policy "L7Policy", as Octavia's rule controller does
  const policyOf = (id: string) => requireL7Policy(db, id, 'L7Policy');

  async function ruleOfPolicy(policyId: string, id: string): Promise<L7Rule> {
    await policyOf(policyId);
    const rule = await requireL7Rule(db, id);
    if (rule.l7policy_id !== policyId) throw notFound('L7 Rule', id);
    return rule;
  }

  async function context(policyId: string) {
    const policy = await policyOf(policyId);
    const listener = await requireListener(db, policy.listener_id);
    const lb = await requireLoadBalancer(db, listener.load_balancer_id);
    return { policy, listener, lb };
  }

  app.get<PolicyParams>('/l7policies/:l7policy_id/rules', responds(200, L7RuleListResponse), async (request) => {
    const policy = await policyOf(request.params.l7policy_id);
    authorize(enforcer, request.ctx, rbac('get_all'), { project_id: policy.project_id });
    return listCollection(services, request, l7RuleCollection, [l7RulesOfPolicyFilter(policy.id)]);
  });

  app.get<RuleParams>('/l7policies/:l7policy_id/rules/:id', responds(200, L7RuleShowResponse), async (request) => {
    const rule = await ruleOfPolicy(request.params.l7policy_id, request.params.id);
    authorize(enforcer, request.ctx, rbac('get_one'), { project_id: rule.project_id });
    return { rule: showFields(request, renderL7Rule(rule)) };
  });

  app.post<PolicyParams>('/l7policies/:l7policy_id/rules', responds(201, L7RuleResponse), async (request, reply) => {
    const input = parseBody<L7RulePost>(request.body, 'rule', L7RulePostSchema, 'rule_');
    const { policy, listener, lb } = await context(request.params.l7policy_id);
    authorize(enforcer, request.ctx, rbac('post'), { project_id: lb.project_id });
    const rule = prepareRule(input, policy);
    const driver = providerOf(services, lb);
    const rendered = await writeTransaction(services, async (call) => {
      await checkQuota(services, call.tx, request.ctx, 'l7rule', lb.project_id);
      if ((await countL7Rules(call.tx, policy.id)) >= MAX_L7_RULES_PER_POLICY) {
        throw new ApiFault(409, `Too many rules on L7 policy ${policy.id}`);
      }
      requireActiveParent('L7Policy', await requireL7Policy(call.tx, policy.id));
      await lockForChildChange(call.tx, lb.id, { listeners: [listener.id], l7policies: [policy.id] });
      await insertL7Rule(call.tx, rule);
      const [created] = await loadL7Rules(call.tx, [rule.id]);
      await callProvider(driver.name, () => driver.l7ruleCreate(call, created!));
      // rendered before commit: an asynchronous provider may already be changing the rows afterwards
      return renderL7Rule((await getL7Rule(call.tx, rule.id))!);
    });
    reply.code(201);
    return { rule: rendered };
  });

  app.put<RuleParams>('/l7policies/:l7policy_id/rules/:id', responds(200, L7RuleResponse), async (request) => {
    const input = parseBody<L7RulePut>(request.body, 'rule', L7RulePutSchema, 'l7rule_');
    const current = await ruleOfPolicy(request.params.l7policy_id, request.params.id);
    const { policy, listener, lb } = await context(request.params.l7policy_id);
    authorize(enforcer, request.ctx, rbac('put'), { project_id: lb.project_id });
    const given = (k: keyof L7RulePut) => Object.hasOwn(input, k);
    const merged = {
      type: given('type') ? (input.type as string) : current.type,
      compare_type: given('compare_type') ? (input.compare_type as string) : current.compare_type,
      key: given('key') ? (input.key ?? null) : current.key,
      value: given('value') ? (input.value ?? null) : current.value,
    };
    validateRule(merged);
    const changes: Parameters<typeof updateL7Rule>[2] = {};
    if (given('type')) changes.type = merged.type;
    if (given('compare_type')) changes.compare_type = merged.compare_type;
    if (given('key')) changes.key = merged.key;
    if (given('value')) changes.value = merged.value as string;
    if (given('invert')) changes.invert = Boolean(input.invert);
    if (given('admin_state_up')) changes.enabled = Boolean(input.admin_state_up);
    if (given('tags')) changes.tags = input.tags ?? [];
    const driver = providerOf(services, lb);
    const rendered = await writeTransaction(services, async (call) => {
      requireActiveParent('L7Policy', await requireL7Policy(call.tx, policy.id));
      await lockForChildChange(call.tx, lb.id, { listeners: [listener.id], l7policies: [policy.id] });
      await updateL7Rule(call.tx, current.id, changes);
      await setProvisioningStatus(call.tx, 'l7rule', [current.id], 'PENDING_UPDATE', { keepUpdatedAt: true });
      const [updated] = await loadL7Rules(call.tx, [current.id]);
      await callProvider(driver.name, () => driver.l7ruleUpdate(call, current, updated!));
      // rendered before commit: an asynchronous provider may already be changing the rows afterwards
      return renderL7Rule((await getL7Rule(call.tx, current.id))!);
    });
    return { rule: rendered };
  });

  app.delete<RuleParams>('/l7policies/:l7policy_id/rules/:id', async (request, reply) => {
    const current = await ruleOfPolicy(request.params.l7policy_id, request.params.id);
    const { policy, listener, lb } = await context(request.params.l7policy_id);
    authorize(enforcer, request.ctx, rbac('delete'), { project_id: lb.project_id });
    const driver = providerOf(services, lb);
    await writeTransaction(services, async (call) => {
      requireActiveParent('L7Policy', await requireL7Policy(call.tx, policy.id));
      await lockForChildChange(call.tx, lb.id, { listeners: [listener.id], l7policies: [policy.id] });
      await setProvisioningStatus(call.tx, 'l7rule', [current.id], 'PENDING_DELETE', { keepUpdatedAt: true });
      await callProvider(driver.name, () => driver.l7ruleDelete(call, current));
    });
    return reply.code(204).send();
  });

  app.put('/l7policies/:l7policy_id/rules', missingId);
  app.delete('/l7policies/:l7policy_id/rules', missingId);
}

// L7 rules under /l7policies/{id}/rules: defaults, response shape, show/list/update/delete, invert null → false,
// and the parents' statuses while a rule changes (§6.7).
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { describeEachDatabase } from '../support/matrix.js';
import { assertFault, waitActive } from '../support/fixtures.js';
import { createPolicy, createRule, type L7Stack, l7Stack, POLICIES, rulesOf } from '../support/l7-fixtures.js';

const RESPONSE_KEYS = [
  'admin_state_up',
  'compare_type',
  'created_at',
  'id',
  'invert',
  'key',
  'operating_status',
  'project_id',
  'provisioning_status',
  'tags',
  'tenant_id',
  'type',
  'updated_at',
  'value',
].sort();

describeEachDatabase('l7rules crud', (api) => {
  let stack: L7Stack;
  let policy: any;
  before(async () => {
    stack = await l7Stack(api());
    policy = await createPolicy(api(), stack, { action: 'REDIRECT_TO_POOL', redirect_pool_id: stack.pool.id });
  });

  it('creates a rule with defaults under the "rule" key and goes ACTIVE/ONLINE', async () => {
    const res = await api().post(rulesOf(policy.id), { rule: { type: 'PATH', compare_type: 'STARTS_WITH', value: '/static' } });
    assert.equal(res.status, 201, res.text);
    const r = res.body.rule;
    assert.deepEqual(Object.keys(r).sort(), RESPONSE_KEYS);
    assert.equal(r.type, 'PATH');
    assert.equal(r.compare_type, 'STARTS_WITH');
    assert.equal(r.key, null);
    assert.equal(r.value, '/static');
    assert.equal(r.invert, false);
    assert.equal(r.admin_state_up, true);
    assert.deepEqual(r.tags, []);
    assert.equal(r.provisioning_status, 'PENDING_CREATE');
    assert.equal(r.operating_status, 'OFFLINE');
    assert.equal(r.project_id, stack.lb.project_id);
    assert.equal(r.tenant_id, stack.lb.project_id);
    assert.equal(r.updated_at, null);
    const pendingPolicy = await api().get(`${POLICIES}/${policy.id}`);
    assert.ok(['PENDING_UPDATE', 'ACTIVE'].includes(pendingPolicy.body.l7policy.provisioning_status));
    await waitActive(api(), stack.lb.id);
    const shown = await api().get(`${rulesOf(policy.id)}/${r.id}`);
    assert.equal(shown.status, 200);
    assert.equal(shown.body.rule.provisioning_status, 'ACTIVE');
    assert.equal(shown.body.rule.operating_status, 'ONLINE');
    const parent = await api().get(`${POLICIES}/${policy.id}`);
    assert.equal(parent.body.l7policy.provisioning_status, 'ACTIVE');
    assert.ok(parent.body.l7policy.rules.some((x: any) => x.id === r.id));
  });

  it('keeps key, invert, admin_state_up and sorted tags as given', async () => {
    const r = await createRule(api(), stack, policy.id, {
      type: 'HEADER',
      compare_type: 'EQUAL_TO',
      key: 'X-Env',
      value: 'prod',
      invert: 'yes',
      admin_state_up: 0,
      tags: ['b', 'a'],
    });
    assert.equal(r.key, 'X-Env');
    assert.equal(r.invert, true);
    assert.equal(r.admin_state_up, false);
    assert.deepEqual(r.tags, ['a', 'b']);
    const shown = await api().get(`${rulesOf(policy.id)}/${r.id}`);
    assert.equal(shown.body.rule.operating_status, 'OFFLINE');
  });

  it('lists rules with rules/rules_links and supports fields=', async () => {
    const p = await createPolicy(api(), stack);
    const a = await createRule(api(), stack, p.id, { value: '/a' });
    const b = await createRule(api(), stack, p.id, { type: 'HOST_NAME', compare_type: 'ENDS_WITH', value: '.example.com' });
    const res = await api().get(rulesOf(p.id));
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(res.body).sort(), ['rules', 'rules_links']);
    assert.deepEqual(
      res.body.rules.map((r: any) => r.id),
      [a.id, b.id],
    );
    assert.deepEqual(res.body.rules_links, []);
    const trimmed = await api().get(`${rulesOf(p.id)}?fields=id&fields=value`);
    assert.deepEqual(trimmed.body.rules, [
      { id: a.id, value: '/a' },
      { id: b.id, value: '.example.com' },
    ]);
    const filtered = await api().get(`${rulesOf(p.id)}?type=HOST_NAME`);
    assert.deepEqual(
      filtered.body.rules.map((r: any) => r.id),
      [b.id],
    );
    const one = await api().get(`${rulesOf(p.id)}/${a.id}?fields=type`);
    assert.deepEqual(one.body, { rule: { type: 'PATH' } });
  });

  it('updates the merged rule; invert null means false', async () => {
    const r = await createRule(api(), stack, policy.id, { invert: true, value: '/x' });
    const res = await api().put(`${rulesOf(policy.id)}/${r.id}`, { rule: { invert: null, value: '/y', compare_type: 'EQUAL_TO' } });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.rule.provisioning_status, 'PENDING_UPDATE');
    assert.equal(res.body.rule.invert, false);
    assert.equal(res.body.rule.value, '/y');
    assert.equal(res.body.rule.compare_type, 'EQUAL_TO');
    assert.equal(res.body.rule.type, 'PATH');
    await waitActive(api(), stack.lb.id);
    const shown = (await api().get(`${rulesOf(policy.id)}/${r.id}`)).body.rule;
    assert.equal(shown.provisioning_status, 'ACTIVE');
    assert.equal(shown.invert, false);
    assert.match(shown.updated_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?$/);
  });

  it('switching the type re-validates against the stored fields', async () => {
    const r = await createRule(api(), stack, policy.id);
    assertFault(
      await api().put(`${rulesOf(policy.id)}/${r.id}`, { rule: { type: 'HEADER' } }),
      400,
      'Error parsing L7Rule: Invalid L7 Rule: L7 rule type requires a key',
    );
    const res = await api().put(`${rulesOf(policy.id)}/${r.id}`, { rule: { type: 'HEADER', key: 'X-Path' } });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.rule.key, 'X-Path');
    await waitActive(api(), stack.lb.id);
  });

  it('delete answers 204 with an empty body; the rule is then gone from policy and list', async () => {
    const p = await createPolicy(api(), stack);
    const r = await createRule(api(), stack, p.id);
    const res = await api().delete(`${rulesOf(p.id)}/${r.id}`);
    assert.equal(res.status, 204);
    assert.equal(res.text, '');
    await waitActive(api(), stack.lb.id);
    assertFault(await api().get(`${rulesOf(p.id)}/${r.id}`), 404, `L7 Rule ${r.id} not found.`);
    assert.deepEqual((await api().get(`${POLICIES}/${p.id}`)).body.l7policy.rules, []);
    assert.deepEqual((await api().get(rulesOf(p.id))).body.rules, []);
  });

  it('deleting a policy deletes its rules', async () => {
    const p = await createPolicy(api(), stack);
    const r = await createRule(api(), stack, p.id);
    assert.equal((await api().delete(`${POLICIES}/${p.id}`)).status, 204);
    await waitActive(api(), stack.lb.id);
    assertFault(await api().get(`${rulesOf(p.id)}/${r.id}`), 404, `L7Policy ${p.id} not found.`);
  });

  it('a rule is only found under its own policy', async () => {
    const p = await createPolicy(api(), stack);
    const r = await createRule(api(), stack, policy.id);
    assertFault(await api().get(`${rulesOf(p.id)}/${r.id}`), 404, `L7 Rule ${r.id} not found.`);
    assertFault(await api().put(`${rulesOf(p.id)}/${r.id}`, { rule: { value: '/z' } }), 404, `L7 Rule ${r.id} not found.`);
    assertFault(await api().delete(`${rulesOf(p.id)}/${r.id}`), 404, `L7 Rule ${r.id} not found.`);
  });
});

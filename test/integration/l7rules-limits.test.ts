// L7 rule limits and parents: at most 50 rules per policy (409), an unknown policy on the sub-path (404 "L7Policy"),
// and 409 while the policy or its load balancer is busy.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { describeEachDatabase } from '../support/matrix.js';
import { assertFault, waitActive } from '../support/fixtures.js';
import { createPolicy, createRule, type L7Stack, l7Stack, POLICIES, rulesOf } from '../support/l7-fixtures.js';

const UNKNOWN = '7e0f1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b';

describeEachDatabase('l7rules limits', (api) => {
  let stack: L7Stack;
  before(async () => {
    stack = await l7Stack(api());
  });

  it('the 51st rule on a policy is a 409', async () => {
    const p = await createPolicy(api(), stack);
    for (let i = 0; i < 50; i++) await createRule(api(), stack, p.id, { value: `/p${i}` });
    const res = await api().post(rulesOf(p.id), { rule: { type: 'PATH', compare_type: 'EQUAL_TO', value: '/one-too-many' } });
    assertFault(res, 409, `Too many rules on L7 policy ${p.id}`);
    const listed = await api().get(`${rulesOf(p.id)}?limit=0`);
    assert.equal(listed.body.rules.length, 50);
    assert.equal((await api().get(`${POLICIES}/${p.id}`)).body.l7policy.rules.length, 50);
    const lb = await api().get(`/v2/lbaas/loadbalancers/${stack.lb.id}`);
    assert.equal(lb.body.loadbalancer.provisioning_status, 'ACTIVE');
  });

  it('an unknown policy on the rules sub-path is 404 "L7Policy <id> not found."', async () => {
    const fault = `L7Policy ${UNKNOWN} not found.`;
    const ruleId = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
    assertFault(await api().get(rulesOf(UNKNOWN)), 404, fault);
    assertFault(await api().post(rulesOf(UNKNOWN), { rule: { type: 'PATH', compare_type: 'EQUAL_TO', value: '/' } }), 404, fault);
    assertFault(await api().get(`${rulesOf(UNKNOWN)}/${ruleId}`), 404, fault);
    assertFault(await api().put(`${rulesOf(UNKNOWN)}/${ruleId}`, { rule: { value: '/' } }), 404, fault);
    assertFault(await api().delete(`${rulesOf(UNKNOWN)}/${ruleId}`), 404, fault);
  });

  it('an unknown rule under a known policy is 404 "L7 Rule <id> not found."', async () => {
    const p = await createPolicy(api(), stack);
    assertFault(await api().get(`${rulesOf(p.id)}/${UNKNOWN}`), 404, `L7 Rule ${UNKNOWN} not found.`);
    assertFault(await api().put(`${rulesOf(p.id)}/${UNKNOWN}`, { rule: { value: '/' } }), 404, `L7 Rule ${UNKNOWN} not found.`);
    assertFault(await api().delete(`${rulesOf(p.id)}/${UNKNOWN}`), 404, `L7 Rule ${UNKNOWN} not found.`);
  });

  it('PUT and DELETE on the rules collection answer 400 Missing argument "id"', async () => {
    const p = await createPolicy(api(), stack);
    assertFault(await api().put(rulesOf(p.id), { rule: { value: '/' } }), 400, 'Missing argument: "id"');
    assertFault(await api().delete(rulesOf(p.id)), 400, 'Missing argument: "id"');
  });
});

describeEachDatabase(
  'l7rules while a parent is busy',
  (api) => {
    let stack: L7Stack;
    before(async () => {
      stack = await l7Stack(api());
    });

    it('a PENDING policy takes no rule changes (409 L7Policy immutable)', async () => {
      const created = await api().post(POLICIES, { l7policy: { listener_id: stack.listener.id, action: 'REJECT' } });
      assert.equal(created.status, 201, created.text);
      const p = created.body.l7policy;
      assert.equal(p.provisioning_status, 'PENDING_CREATE');
      const res = await api().post(rulesOf(p.id), { rule: { type: 'PATH', compare_type: 'EQUAL_TO', value: '/' } });
      assertFault(res, 409, `L7Policy ${p.id} is immutable and cannot be updated.`);
      await waitActive(api(), stack.lb.id);
      assert.deepEqual((await api().get(rulesOf(p.id))).body.rules, []);
    });

    it('while a rule change is in flight, the policy is PENDING_UPDATE and other rule writes get 409', async () => {
      const p = await createPolicy(api(), stack);
      const rule = await createRule(api(), stack, p.id);
      const first = await api().post(rulesOf(p.id), { rule: { type: 'PATH', compare_type: 'EQUAL_TO', value: '/second' } });
      assert.equal(first.status, 201, first.text);
      const policyNow = await api().get(`${POLICIES}/${p.id}`);
      assert.equal(policyNow.body.l7policy.provisioning_status, 'PENDING_UPDATE');
      const listenerNow = await api().get(`/v2/lbaas/listeners/${stack.listener.id}`);
      assert.equal(listenerNow.body.listener.provisioning_status, 'PENDING_UPDATE');
      const busy = `L7Policy ${p.id} is immutable and cannot be updated.`;
      assertFault(await api().put(`${rulesOf(p.id)}/${rule.id}`, { rule: { value: '/changed' } }), 409, busy);
      assertFault(await api().delete(`${rulesOf(p.id)}/${rule.id}`), 409, busy);
      await waitActive(api(), stack.lb.id);
      assert.equal((await api().get(`${rulesOf(p.id)}/${rule.id}`)).body.rule.value, '/api');
      assert.equal((await api().get(rulesOf(p.id))).body.rules.length, 2);
    });

    it('a rule on an ACTIVE policy of a busy load balancer gets 409 Load Balancer immutable', async () => {
      const p = await createPolicy(api(), stack);
      const other = await api().put(`/v2/lbaas/loadbalancers/${stack.lb.id}`, { loadbalancer: { description: 'busy' } });
      assert.equal(other.status, 200, other.text);
      const res = await api().post(rulesOf(p.id), { rule: { type: 'PATH', compare_type: 'EQUAL_TO', value: '/' } });
      assertFault(res, 409, `Load Balancer ${stack.lb.id} is immutable and cannot be updated.`);
      await waitActive(api(), stack.lb.id);
    });
  },
  { noop_provider: { completion_delay_ms: 400 } },
);

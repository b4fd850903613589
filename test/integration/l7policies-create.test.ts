// L7 policy create: defaults, response shape and the action/redirect normalization of §6.6.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { describeEachDatabase } from '../support/matrix.js';
import { assertFault, createPool, waitActive } from '../support/fixtures.js';
import { createPolicy, type L7Stack, l7Stack, POLICIES } from '../support/l7-fixtures.js';

const RESPONSE_KEYS = [
  'action',
  'admin_state_up',
  'created_at',
  'description',
  'id',
  'listener_id',
  'name',
  'operating_status',
  'position',
  'project_id',
  'provisioning_status',
  'redirect_http_code',
  'redirect_pool_id',
  'redirect_prefix',
  'redirect_url',
  'rules',
  'tags',
  'tenant_id',
  'updated_at',
].sort();

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?$/;

describeEachDatabase('l7policies create', (api) => {
  let stack: L7Stack;
  before(async () => {
    stack = await l7Stack(api());
  });

  const post = (body: Record<string, unknown>) => api().post(POLICIES, { l7policy: { listener_id: stack.listener.id, ...body } });

  it('creates a REJECT policy with Octavia defaults and goes ACTIVE/ONLINE', async () => {
    const res = await post({ action: 'REJECT' });
    assert.equal(res.status, 201, res.text);
    const p = res.body.l7policy;
    assert.deepEqual(Object.keys(p).sort(), RESPONSE_KEYS);
    assert.equal(p.action, 'REJECT');
    assert.equal(p.name, '');
    assert.equal(p.description, '');
    assert.equal(p.admin_state_up, true);
    assert.equal(p.listener_id, stack.listener.id);
    assert.equal(p.redirect_pool_id, null);
    assert.equal(p.redirect_url, null);
    assert.equal(p.redirect_prefix, null);
    assert.equal(p.redirect_http_code, null);
    assert.deepEqual(p.rules, []);
    assert.deepEqual(p.tags, []);
    assert.equal(p.provisioning_status, 'PENDING_CREATE');
    assert.equal(p.operating_status, 'OFFLINE');
    assert.equal(p.project_id, stack.lb.project_id);
    assert.equal(p.tenant_id, stack.lb.project_id);
    assert.match(p.created_at, TIMESTAMP);
    assert.equal(p.updated_at, null);
    assert.ok(Number.isInteger(p.position) && p.position >= 1);
    await waitActive(api(), stack.lb.id);
    const shown = await api().get(`${POLICIES}/${p.id}`);
    assert.equal(shown.status, 200);
    assert.equal(shown.body.l7policy.provisioning_status, 'ACTIVE');
    assert.equal(shown.body.l7policy.operating_status, 'ONLINE');
    const listener = await api().get(`/v2/lbaas/listeners/${stack.listener.id}`);
    assert.equal(listener.body.listener.provisioning_status, 'ACTIVE');
    assert.ok(listener.body.listener.l7policies.some((x: any) => x.id === p.id));
  });

  it('operating status is OFFLINE for a disabled policy', async () => {
    const p = await createPolicy(api(), stack, { admin_state_up: false, name: 'off', description: 'd' });
    const shown = (await api().get(`${POLICIES}/${p.id}`)).body.l7policy;
    assert.equal(shown.admin_state_up, false);
    assert.equal(shown.operating_status, 'OFFLINE');
    assert.equal(shown.name, 'off');
    assert.equal(shown.description, 'd');
  });

  it('REDIRECT_TO_URL defaults redirect_http_code to 302 and keeps an explicit one', async () => {
    const a = await createPolicy(api(), stack, { action: 'REDIRECT_TO_URL', redirect_url: 'http://example.com/a' });
    assert.equal(a.action, 'REDIRECT_TO_URL');
    assert.equal(a.redirect_url, 'http://example.com/a');
    assert.equal(a.redirect_http_code, 302);
    const b = await createPolicy(api(), stack, { action: 'REDIRECT_TO_URL', redirect_url: 'https://example.com', redirect_http_code: 308 });
    assert.equal(b.redirect_http_code, 308);
  });

  it('REDIRECT_PREFIX defaults redirect_http_code to 302', async () => {
    const p = await createPolicy(api(), stack, { action: 'REDIRECT_PREFIX', redirect_prefix: 'https://example.com' });
    assert.equal(p.action, 'REDIRECT_PREFIX');
    assert.equal(p.redirect_prefix, 'https://example.com');
    assert.equal(p.redirect_url, null);
    assert.equal(p.redirect_http_code, 302);
  });

  it('REDIRECT_TO_POOL stores the pool and forces redirect_http_code to null', async () => {
    const p = await createPolicy(api(), stack, { action: 'REDIRECT_TO_POOL', redirect_pool_id: stack.pool.id, redirect_http_code: 301 });
    assert.equal(p.action, 'REDIRECT_TO_POOL');
    assert.equal(p.redirect_pool_id, stack.pool.id);
    assert.equal(p.redirect_http_code, null);
    assert.equal(p.redirect_url, null);
  });

  it('REDIRECT_TO_URL with a redirect_pool_id silently drops the pool', async () => {
    const p = await createPolicy(api(), stack, {
      action: 'REDIRECT_TO_URL',
      redirect_url: 'http://example.com',
      redirect_pool_id: stack.pool.id,
    });
    assert.equal(p.action, 'REDIRECT_TO_URL');
    assert.equal(p.redirect_pool_id, null);
    assert.equal(p.redirect_url, 'http://example.com');
    assert.equal(p.redirect_http_code, 302);
  });

  it('REJECT drops a redirect_url and a redirect_pool_id', async () => {
    const p = await createPolicy(api(), stack, { action: 'REJECT', redirect_url: 'http://example.com', redirect_pool_id: stack.pool.id });
    assert.equal(p.action, 'REJECT');
    assert.equal(p.redirect_url, null);
    assert.equal(p.redirect_pool_id, null);
    assert.equal(p.redirect_http_code, null);
  });

  it('rejects a pool together with a prefix', async () => {
    const res = await post({ action: 'REDIRECT_PREFIX', redirect_prefix: 'http://example.com', redirect_pool_id: stack.pool.id });
    assertFault(
      res,
      400,
      'Invalid L7 Policy arguments: Cannot specify redirect_pool_id and redirect_url or redirect_prefix at the same time',
    );
  });

  it('requires the argument each redirect action needs', async () => {
    assertFault(await post({ action: 'REDIRECT_TO_URL' }), 400, 'Invalid L7 Policy arguments: redirect_url must not be None');
    assertFault(await post({ action: 'REDIRECT_PREFIX' }), 400, 'Invalid L7 Policy arguments: redirect_prefix must not be None');
    assertFault(
      await post({ action: 'REDIRECT_TO_POOL' }),
      400,
      'Invalid L7 Policy arguments: redirect_pool_id or redirect_pool must not be None',
    );
  });

  it('requires action and listener_id and checks the enums', async () => {
    assertFault(await post({}), 400, "Invalid input for field/attribute action. Value: 'None'. Mandatory field missing.");
    assertFault(
      await api().post(POLICIES, { l7policy: { action: 'REJECT' } }),
      400,
      "Invalid input for field/attribute listener_id. Value: 'None'. Mandatory field missing.",
    );
    assertFault(
      await post({ action: 'DROP' }),
      400,
      /^Invalid input for field\/attribute action\. Value: 'DROP'\. Value should be one of: /,
    );
    assertFault(
      await post({ action: 'REDIRECT_TO_URL', redirect_url: 'http://example.com', redirect_http_code: 304 }),
      400,
      /^Invalid input for field\/attribute redirect_http_code\. Value: '304'\. Value should be one of: /,
    );
  });

  it('returns tags sorted and accepts a given name', async () => {
    const p = await createPolicy(api(), stack, { name: 'tagged', tags: ['zeta', 'alpha', 'mu'] });
    assert.deepEqual(p.tags, ['alpha', 'mu', 'zeta']);
    assert.equal(p.name, 'tagged');
    const shown = await api().get(`${POLICIES}/${p.id}`);
    assert.deepEqual(shown.body.l7policy.tags, ['alpha', 'mu', 'zeta']);
  });

  it('a redirect pool must exist on the same load balancer', async () => {
    const missing = 'a8a4e7f0-53c4-4a79-9fa1-0c38b6f0d1aa';
    assertFault(await post({ action: 'REDIRECT_TO_POOL', redirect_pool_id: missing }), 404, `Pool ${missing} not found.`);
    const other = await l7Stack(api(), 81);
    assertFault(await post({ action: 'REDIRECT_TO_POOL', redirect_pool_id: other.pool.id }), 404, `Pool ${other.pool.id} not found.`);
  });

  it('a redirect pool must speak a protocol the listener can use', async () => {
    const tcpPool = await createPool(api(), stack.lb.id, { protocol: 'TCP' });
    assertFault(
      await post({ action: 'REDIRECT_TO_POOL', redirect_pool_id: tcpPool.id }),
      400,
      "Validation failure: The pool protocol 'TCP' is invalid while the listener protocol is 'HTTP'.",
    );
  });
});

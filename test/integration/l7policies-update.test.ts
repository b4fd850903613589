// L7 policy update and delete: PUT normalization (a redirect field alone switches the action), nulls, and the
// fields each action clears (§6.6).
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { describeEachDatabase } from '../support/matrix.js';
import { assertFault, waitActive } from '../support/fixtures.js';
import { createPolicy, type L7Stack, l7Stack, POLICIES } from '../support/l7-fixtures.js';

describeEachDatabase('l7policies update', (api) => {
  let stack: L7Stack;
  before(async () => {
    stack = await l7Stack(api());
  });

  async function put(id: string, body: Record<string, unknown>): Promise<any> {
    const res = await api().put(`${POLICIES}/${id}`, { l7policy: body });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.l7policy.provisioning_status, 'PENDING_UPDATE');
    await waitActive(api(), stack.lb.id);
    const shown = await api().get(`${POLICIES}/${id}`);
    assert.equal(shown.body.l7policy.provisioning_status, 'ACTIVE');
    return shown.body.l7policy;
  }

  it('a redirect_url alone switches a REJECT policy to REDIRECT_TO_URL with code 302', async () => {
    const p = await createPolicy(api(), stack);
    const updated = await put(p.id, { redirect_url: 'http://example.com/moved' });
    assert.equal(updated.action, 'REDIRECT_TO_URL');
    assert.equal(updated.redirect_url, 'http://example.com/moved');
    assert.equal(updated.redirect_http_code, 302);
    assert.match(updated.updated_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?$/);
  });

  it('a redirect_pool_id alone switches to REDIRECT_TO_POOL and clears url and code', async () => {
    const p = await createPolicy(api(), stack, { action: 'REDIRECT_TO_URL', redirect_url: 'http://example.com', redirect_http_code: 301 });
    const updated = await put(p.id, { redirect_pool_id: stack.pool.id });
    assert.equal(updated.action, 'REDIRECT_TO_POOL');
    assert.equal(updated.redirect_pool_id, stack.pool.id);
    assert.equal(updated.redirect_url, null);
    assert.equal(updated.redirect_prefix, null);
    assert.equal(updated.redirect_http_code, null);
  });

  it('a redirect_prefix alone switches a pool policy to REDIRECT_PREFIX', async () => {
    const p = await createPolicy(api(), stack, { action: 'REDIRECT_TO_POOL', redirect_pool_id: stack.pool.id });
    const updated = await put(p.id, { redirect_prefix: 'https://example.org', redirect_http_code: 307 });
    assert.equal(updated.action, 'REDIRECT_PREFIX');
    assert.equal(updated.redirect_prefix, 'https://example.org');
    assert.equal(updated.redirect_pool_id, null);
    assert.equal(updated.redirect_http_code, 307);
  });

  it('action REJECT clears every redirect field', async () => {
    const p = await createPolicy(api(), stack, { action: 'REDIRECT_PREFIX', redirect_prefix: 'https://example.org' });
    const updated = await put(p.id, { action: 'REJECT' });
    assert.equal(updated.action, 'REJECT');
    assert.equal(updated.redirect_prefix, null);
    assert.equal(updated.redirect_url, null);
    assert.equal(updated.redirect_pool_id, null);
    assert.equal(updated.redirect_http_code, null);
  });

  // a url given without a code gets 302 again, even if the stored code was another one (Octavia's sanitizer)
  it('action REDIRECT_TO_URL with a url clears a previous prefix and resets the code to 302', async () => {
    const p = await createPolicy(api(), stack, {
      action: 'REDIRECT_PREFIX',
      redirect_prefix: 'https://example.org',
      redirect_http_code: 301,
    });
    const updated = await put(p.id, { action: 'REDIRECT_TO_URL', redirect_url: 'https://example.net/x' });
    assert.equal(updated.action, 'REDIRECT_TO_URL');
    assert.equal(updated.redirect_url, 'https://example.net/x');
    assert.equal(updated.redirect_prefix, null);
    assert.equal(updated.redirect_http_code, 302);
  });

  it('changes only the redirect code, name, description, admin state and tags it is given', async () => {
    const p = await createPolicy(api(), stack, { action: 'REDIRECT_TO_URL', redirect_url: 'http://example.com', name: 'n', tags: ['a'] });
    const updated = await put(p.id, { redirect_http_code: 303, description: 'desc', admin_state_up: 'no', tags: ['y', 'x'] });
    assert.equal(updated.redirect_http_code, 303);
    assert.equal(updated.redirect_url, 'http://example.com');
    assert.equal(updated.action, 'REDIRECT_TO_URL');
    assert.equal(updated.name, 'n');
    assert.equal(updated.description, 'desc');
    assert.equal(updated.admin_state_up, false);
    assert.equal(updated.operating_status, 'OFFLINE');
    assert.deepEqual(updated.tags, ['x', 'y']);
  });

  it('null name and description render as ""', async () => {
    const p = await createPolicy(api(), stack, { name: 'named', description: 'described' });
    const updated = await put(p.id, { name: null, description: null });
    assert.equal(updated.name, '');
    assert.equal(updated.description, '');
  });

  it('rejects inconsistent or immutable arguments', async () => {
    const p = await createPolicy(api(), stack);
    const path = `${POLICIES}/${p.id}`;
    assertFault(
      await api().put(path, { l7policy: { redirect_pool_id: stack.pool.id, redirect_url: 'http://example.com' } }),
      400,
      'Invalid L7 Policy arguments: Cannot specify redirect_pool_id and redirect_url or redirect_prefix at the same time',
    );
    assertFault(
      await api().put(path, { l7policy: { action: 'REDIRECT_TO_URL' } }),
      400,
      'Invalid L7 Policy arguments: redirect_url must not be None',
    );
    assertFault(
      await api().put(path, { l7policy: { listener_id: stack.listener.id } }),
      400,
      /^Unknown attribute for argument .*: listener_id$/,
    );
    const missing = '0d6f2c6e-9f59-4a8e-8b8b-2c9a1f3e4d5c';
    assertFault(await api().put(path, { l7policy: { redirect_pool_id: missing } }), 404, `Pool ${missing} not found.`);
    const shown = await api().get(path);
    assert.equal(shown.body.l7policy.action, 'REJECT');
    assert.equal(shown.body.l7policy.provisioning_status, 'ACTIVE');
  });

  it('delete answers 204 with an empty body; the policy is then gone', async () => {
    const p = await createPolicy(api(), stack);
    const res = await api().delete(`${POLICIES}/${p.id}`);
    assert.equal(res.status, 204);
    assert.equal(res.text, '');
    await waitActive(api(), stack.lb.id);
    assertFault(await api().get(`${POLICIES}/${p.id}`), 404, `L7 Policy ${p.id} not found.`);
    const listener = await api().get(`/v2/lbaas/listeners/${stack.listener.id}`);
    assert.ok(!listener.body.listener.l7policies.some((x: any) => x.id === p.id));
  });

  it('unknown ids answer 404 on show, update and delete', async () => {
    const id = '5b0c3f9e-2f3a-4a6e-9d7e-6e1f2b3c4d5e';
    assertFault(await api().get(`${POLICIES}/${id}`), 404, `L7 Policy ${id} not found.`);
    assertFault(await api().put(`${POLICIES}/${id}`, { l7policy: { name: 'x' } }), 404, `L7 Policy ${id} not found.`);
    assertFault(await api().delete(`${POLICIES}/${id}`), 404, `L7 Policy ${id} not found.`);
  });
});

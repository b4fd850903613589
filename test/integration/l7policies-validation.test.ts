// L7 policy input checks: redirect URL syntax (no spaces, newlines or control characters), parent lookups,
// PROMETHEUS listeners, and 409 while the load balancer is busy.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { describeEachDatabase } from '../support/matrix.js';
import { assertFault, createListener, waitActive } from '../support/fixtures.js';
import { createPolicy, type L7Stack, l7Stack, POLICIES } from '../support/l7-fixtures.js';

const BAD_URLS = [
  'http://exa mple.com/',
  'http://example.com/a b',
  'http://example.com/\nserver evil 127.0.0.1:80',
  'http://example.com/\r',
  'http://example.com/\t',
  'http://example.com/\u0001',
  'http://example.com/\u007f',
  'http://example.com/\u0085',
  'ftp://example.com/',
  'example.com/path',
  '/relative/path',
  'http://',
];

describeEachDatabase('l7policies validation', (api) => {
  let stack: L7Stack;
  before(async () => {
    stack = await l7Stack(api());
  });

  const post = (body: Record<string, unknown>) => api().post(POLICIES, { l7policy: { listener_id: stack.listener.id, ...body } });

  it('rejects malformed redirect_url values', async () => {
    for (const url of BAD_URLS) {
      const res = await post({ action: 'REDIRECT_TO_URL', redirect_url: url });
      assertFault(res, 400, `Invalid input for field/attribute redirect_url. Value: '${url}'. Value must be a valid URL string`);
    }
  });

  it('rejects malformed redirect_prefix values, on create and update', async () => {
    for (const url of BAD_URLS.slice(0, 4)) {
      const res = await post({ action: 'REDIRECT_PREFIX', redirect_prefix: url });
      assertFault(res, 400, `Invalid input for field/attribute redirect_prefix. Value: '${url}'. Value must be a valid URL string`);
    }
    const p = await createPolicy(api(), stack);
    const res = await api().put(`${POLICIES}/${p.id}`, { l7policy: { redirect_prefix: 'http://example.com/\nx' } });
    assertFault(
      res,
      400,
      "Invalid input for field/attribute redirect_prefix. Value: 'http://example.com/\nx'. Value must be a valid URL string",
    );
  });

  it('accepts well-formed http and https URLs verbatim', async () => {
    for (const url of ['http://example.com', 'https://example.com:8443/a/b?c=d&e=%20f', 'http://127.0.0.1/x']) {
      const p = await createPolicy(api(), stack, { action: 'REDIRECT_TO_URL', redirect_url: url });
      assert.equal(p.redirect_url, url);
    }
  });

  it('rejects other field types and lengths', async () => {
    assertFault(
      await post({ action: 'REJECT', name: 'x'.repeat(256) }),
      400,
      `Invalid input for field/attribute name. Value: '${'x'.repeat(256)}'. Value should have a maximum character requirement of 255`,
    );
    assertFault(
      await api().post(POLICIES, { l7policy: { listener_id: 'not-a-uuid', action: 'REJECT' } }),
      400,
      "Invalid input for field/attribute listener_id. Value: 'not-a-uuid'. Value should be UUID format",
    );
    assertFault(await post({ action: 'REJECT', bogus: 1 }), 400, /^Unknown attribute for argument .*: bogus$/);
    assertFault(
      await post({ action: 'REJECT', admin_state_up: 'maybe' }),
      400,
      /^Invalid input for field\/attribute .*\. Value: '.*'\. Value not an unambiguous boolean: maybe$/,
    );
  });

  it('an unknown listener is a 404', async () => {
    const id = '3c5a1e2b-7d4f-4a9e-8b6c-1d2e3f4a5b6c';
    assertFault(await api().post(POLICIES, { l7policy: { listener_id: id, action: 'REJECT' } }), 404, `Listener ${id} not found.`);
  });

  it('PROMETHEUS listeners take no policies', async () => {
    const prom = await createListener(api(), stack.lb.id, { protocol: 'PROMETHEUS', protocol_port: 9100 });
    const res = await api().post(POLICIES, { l7policy: { listener_id: prom.id, action: 'REJECT' } });
    assertFault(res, 400, 'Protocol PROMETHEUS listeners cannot have child objects.');
    const listed = await api().get(`${POLICIES}?listener_id=${prom.id}`);
    assert.deepEqual(listed.body.l7policies, []);
  });

  it('PUT and DELETE on the collection answer 400 Missing argument "id"', async () => {
    assertFault(await api().put(POLICIES, { l7policy: { name: 'x' } }), 400, 'Missing argument: "id"');
    assertFault(await api().delete(POLICIES), 400, 'Missing argument: "id"');
  });
});

describeEachDatabase(
  'l7policies while the load balancer is busy',
  (api) => {
    let stack: L7Stack;
    before(async () => {
      stack = await l7Stack(api());
    });

    it('create, update and delete answer 409 while a change is in flight', async () => {
      const existing = await createPolicy(api(), stack);
      const first = await api().post(POLICIES, { l7policy: { listener_id: stack.listener.id, action: 'REJECT' } });
      assert.equal(first.status, 201, first.text);
      const busy = `Load Balancer ${stack.lb.id} is immutable and cannot be updated.`;
      assertFault(await api().post(POLICIES, { l7policy: { listener_id: stack.listener.id, action: 'REJECT' } }), 409, busy);
      assertFault(await api().put(`${POLICIES}/${existing.id}`, { l7policy: { name: 'x' } }), 409, busy);
      assertFault(await api().delete(`${POLICIES}/${existing.id}`), 409, busy);
      const lb = await api().get(`/v2/lbaas/loadbalancers/${stack.lb.id}`);
      assert.equal(lb.body.loadbalancer.provisioning_status, 'PENDING_UPDATE');
      const listener = await api().get(`/v2/lbaas/listeners/${stack.listener.id}`);
      assert.equal(listener.body.listener.provisioning_status, 'PENDING_UPDATE');
      await waitActive(api(), stack.lb.id);
      const shown = await api().get(`${POLICIES}/${existing.id}`);
      assert.equal(shown.body.l7policy.name, '');
      assert.equal(shown.body.l7policy.provisioning_status, 'ACTIVE');
      const listed = await api().get(`${POLICIES}?listener_id=${stack.listener.id}`);
      assert.deepEqual(listed.body.l7policies.map((p: any) => p.id).sort(), [existing.id, first.body.l7policy.id].sort());
    });
  },
  { noop_provider: { completion_delay_ms: 400 } },
);

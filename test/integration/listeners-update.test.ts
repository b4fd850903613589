// PUT /listeners/{id}: updatable fields, omitted vs null (null resets to the default), immutable attributes, and
// the default pool reference rules.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeEachDatabase } from '../support/matrix.js';
import type { TestApi } from '../support/api-harness.js';
import { assertFault, createLb, createListener, createPool, waitActive } from '../support/fixtures.js';

const LISTENERS = '/v2/lbaas/listeners';

async function update(
  api: TestApi,
  listener: { id: string; loadbalancers: { id: string }[] },
  fields: Record<string, unknown>,
): Promise<any> {
  const res = await api.put(`${LISTENERS}/${listener.id}`, { listener: fields });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.body.listener.provisioning_status, 'PENDING_UPDATE');
  await waitActive(api, listener.loadbalancers[0]!.id);
  const shown = await api.get(`${LISTENERS}/${listener.id}`);
  assert.equal(shown.body.listener.provisioning_status, 'ACTIVE');
  return shown.body.listener;
}

describeEachDatabase('listener update', (api) => {
  it('updates every mutable field', async () => {
    const lb = await createLb(api());
    const listener = await createListener(api(), lb.id);
    const res = await api().put(`${LISTENERS}/${listener.id}`, {
      listener: {
        name: 'renamed',
        description: 'described',
        admin_state_up: false,
        connection_limit: 1000,
        timeout_client_data: 11,
        timeout_member_connect: 12,
        timeout_member_data: 13,
        timeout_tcp_inspect: 14,
        tags: ['t2', 't1'],
        insert_headers: { 'X-Forwarded-Proto': 'true' },
        allowed_cidrs: ['127.0.0.0/8'],
      },
    });
    assert.equal(res.status, 200, res.text);
    const body = res.body.listener;
    assert.equal(body.provisioning_status, 'PENDING_UPDATE');
    assert.equal(body.name, 'renamed');
    assert.equal(body.connection_limit, 1000);
    assert.notEqual(body.updated_at, null);
    await waitActive(api(), lb.id);
    const shown = (await api().get(`${LISTENERS}/${listener.id}`)).body.listener;
    assert.equal(shown.name, 'renamed');
    assert.equal(shown.description, 'described');
    assert.equal(shown.admin_state_up, false);
    assert.equal(shown.operating_status, 'OFFLINE');
    assert.equal(shown.connection_limit, 1000);
    assert.deepEqual(
      [shown.timeout_client_data, shown.timeout_member_connect, shown.timeout_member_data, shown.timeout_tcp_inspect],
      [11, 12, 13, 14],
    );
    assert.deepEqual(shown.tags, ['t1', 't2']);
    assert.deepEqual(shown.insert_headers, { 'X-Forwarded-Proto': 'true' });
    assert.deepEqual(shown.allowed_cidrs, ['127.0.0.0/8']);
    // immutable attributes are carried through
    assert.equal(shown.protocol, 'HTTP');
    assert.equal(shown.protocol_port, 80);
    assert.deepEqual(shown.loadbalancers, [{ id: lb.id }]);
  });

  it('leaves omitted attributes untouched', async () => {
    const lb = await createLb(api());
    const listener = await createListener(api(), lb.id, {
      name: 'keep',
      description: 'keep',
      connection_limit: 5,
      timeout_client_data: 7,
      tags: ['k'],
      insert_headers: { 'X-Forwarded-Port': 'true' },
    });
    const shown = await update(api(), listener, { timeout_member_data: 99 });
    assert.equal(shown.name, 'keep');
    assert.equal(shown.description, 'keep');
    assert.equal(shown.connection_limit, 5);
    assert.equal(shown.timeout_client_data, 7);
    assert.equal(shown.timeout_member_data, 99);
    assert.deepEqual(shown.tags, ['k']);
    assert.deepEqual(shown.insert_headers, { 'X-Forwarded-Port': 'true' });
  });

  it('resets to defaults on null', async () => {
    const lb = await createLb(api());
    const listener = await createListener(api(), lb.id, {
      name: 'n',
      description: 'd',
      connection_limit: 5,
      timeout_client_data: 1,
      timeout_member_connect: 2,
      timeout_member_data: 3,
      timeout_tcp_inspect: 4,
      insert_headers: { 'X-Forwarded-For': 'true' },
      allowed_cidrs: ['127.0.0.0/8'],
    });
    const shown = await update(api(), listener, {
      name: null,
      description: null,
      connection_limit: null,
      timeout_client_data: null,
      timeout_member_connect: null,
      timeout_member_data: null,
      timeout_tcp_inspect: null,
      insert_headers: null,
      allowed_cidrs: null,
      client_authentication: null,
      default_pool_id: null,
    });
    assert.equal(shown.name, '');
    assert.equal(shown.description, '');
    assert.equal(shown.connection_limit, -1);
    assert.deepEqual(
      [shown.timeout_client_data, shown.timeout_member_connect, shown.timeout_member_data, shown.timeout_tcp_inspect],
      [50000, 5000, 50000, 0],
    );
    assert.deepEqual(shown.insert_headers, {});
    assert.equal(shown.allowed_cidrs, null);
    assert.equal(shown.client_authentication, 'NONE');
    assert.equal(shown.default_pool_id, null);
  });

  it('sets, changes and unsets the default pool', async () => {
    const lb = await createLb(api());
    const listener = await createListener(api(), lb.id);
    const a = await createPool(api(), lb.id, { name: 'a' });
    const b = await createPool(api(), lb.id, { name: 'b', protocol: 'PROXY' });
    assert.equal((await update(api(), listener, { default_pool_id: a.id })).default_pool_id, a.id);
    assert.deepEqual((await api().get(`/v2/lbaas/pools/${a.id}`)).body.pool.listeners, [{ id: listener.id }]);
    assert.equal((await update(api(), listener, { default_pool_id: b.id })).default_pool_id, b.id);
    assert.deepEqual((await api().get(`/v2/lbaas/pools/${a.id}`)).body.pool.listeners, []);
    assert.equal((await update(api(), listener, { default_pool_id: null })).default_pool_id, null);
    assert.deepEqual((await api().get(`/v2/lbaas/pools/${b.id}`)).body.pool.listeners, []);
  });

  it('refuses a default pool of another load balancer or of an incompatible protocol', async () => {
    const lb = await createLb(api());
    const listener = await createListener(api(), lb.id);
    const udp = await createPool(api(), lb.id, { protocol: 'UDP' });
    const other = await createLb(api());
    const foreign = await createPool(api(), other.id);
    assertFault(
      await api().put(`${LISTENERS}/${listener.id}`, { listener: { default_pool_id: foreign.id } }),
      404,
      `Pool ${foreign.id} not found.`,
    );
    assertFault(
      await api().put(`${LISTENERS}/${listener.id}`, { listener: { default_pool_id: udp.id } }),
      400,
      "Validation failure: The pool protocol 'UDP' is invalid while the listener protocol is 'HTTP'.",
    );
    assertFault(
      await api().post(LISTENERS, { listener: { loadbalancer_id: lb.id, protocol: 'TCP', protocol_port: 81, default_pool_id: udp.id } }),
      400,
      "Validation failure: The pool protocol 'UDP' is invalid while the listener protocol is 'TCP'.",
    );
    assertFault(
      await api().post(LISTENERS, {
        listener: { loadbalancer_id: lb.id, protocol: 'TCP', protocol_port: 81, default_pool_id: foreign.id },
      }),
      404,
      `Pool ${foreign.id} not found.`,
    );
    assert.equal((await api().get(`${LISTENERS}/${listener.id}`)).body.listener.default_pool_id, null);
  });

  it('refuses immutable attributes and bad values', async () => {
    const lb = await createLb(api());
    const listener = await createListener(api(), lb.id);
    const before = (await api().get(`${LISTENERS}/${listener.id}`)).body;
    const put = (body: unknown) => api().put(`${LISTENERS}/${listener.id}`, body);
    const immutable: Record<string, unknown> = {
      protocol: 'TCP',
      protocol_port: 81,
      loadbalancer_id: lb.id,
      project_id: 'other',
      tenant_id: 'other',
      default_pool: { name: 'p', protocol: 'HTTP', lb_algorithm: 'ROUND_ROBIN' },
      l7policies: [],
      id: listener.id,
    };
    for (const [field, value] of Object.entries(immutable)) {
      assertFault(await put({ listener: { [field]: value } }), 400, new RegExp(`^Unknown attribute for argument [\\w.]+: ${field}$`));
    }
    assertFault(await put('{"listener": {"name": '), 400, 'Request is not in valid JSON format');
    assertFault(await put({ name: 'unwrapped' }), 400);
    assertFault(
      await put({ listener: { connection_limit: -2 } }),
      400,
      "Invalid input for field/attribute connection_limit. Value: '-2'. Value should be greater or equal to -1",
    );
    assertFault(
      await put({ listener: { timeout_client_data: 2073600001 } }),
      400,
      "Invalid input for field/attribute timeout_client_data. Value: '2073600001'. Value should be lower or equal to 2073600000",
    );
    assertFault(
      await put({ listener: { default_pool_id: 'nope' } }),
      400,
      "Invalid input for field/attribute default_pool_id. Value: 'nope'. Value should be UUID format",
    );
    assertFault(
      await put({ listener: { name: 'x'.repeat(256) } }),
      400,
      `Invalid input for field/attribute name. Value: '${'x'.repeat(256)}'. Value should have a maximum character requirement of 255`,
    );
    assertFault(
      await put({ listener: { client_authentication: 'MAYBE' } }),
      400,
      /^Invalid input for field\/attribute client_authentication\. Value: 'MAYBE'\. Value should be one of: /,
    );
    assert.deepEqual((await api().get(`${LISTENERS}/${listener.id}`)).body, before);
  });

  it('answers 404 for unknown listeners and 400 on the collection URL', async () => {
    const id = '6e5d4c3b-2a19-4f8e-8d7c-6b5a4f3e2d1c';
    assertFault(await api().put(`${LISTENERS}/${id}`, { listener: { name: 'x' } }), 404, `Listener ${id} not found.`);
    assertFault(await api().delete(`${LISTENERS}/${id}`), 404, `Listener ${id} not found.`);
    assertFault(await api().put(LISTENERS, { listener: { name: 'x' } }), 400, 'Missing argument: "id"');
    assertFault(await api().delete(LISTENERS), 400, 'Missing argument: "id"');
  });
});

// POST /loadbalancers: every field's default in the 201 body, project handling, provider selection, show/list fields=.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeEachDatabase } from '../support/matrix.js';
import { assertFault, LB, VIP_NETWORK, VIP_SUBNET, waitActive } from '../support/fixtures.js';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const NAIVE_TS_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?$/;
const VIP_RE = /^127\.80\.\d{1,3}\.\d{1,3}$/;

const LB_KEYS = [
  'additional_vips',
  'admin_state_up',
  'availability_zone',
  'created_at',
  'description',
  'flavor_id',
  'id',
  'listeners',
  'name',
  'operating_status',
  'pools',
  'project_id',
  'provider',
  'provisioning_status',
  'tags',
  'tenant_id',
  'updated_at',
  'vip_address',
  'vip_network_id',
  'vip_port_id',
  'vip_qos_policy_id',
  'vip_subnet_id',
];

describeEachDatabase('load balancer create defaults', (api) => {
  it('answers 201 with every field at its default', async () => {
    const res = await api().post(LB, { loadbalancer: { vip_subnet_id: VIP_SUBNET } });
    assert.equal(res.status, 201, res.text);
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    assert.match(
      res.headers.get('x-openstack-request-id') ?? '',
      /^req-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    const lb = res.body.loadbalancer;
    assert.deepEqual(Object.keys(lb).sort(), LB_KEYS);
    assert.match(lb.id, UUID_RE);
    assert.equal(lb.name, '');
    assert.equal(lb.description, '');
    assert.equal(lb.provisioning_status, 'PENDING_CREATE');
    assert.equal(lb.operating_status, 'OFFLINE');
    assert.equal(lb.admin_state_up, true);
    assert.equal(lb.project_id, 'default');
    assert.equal(lb.tenant_id, 'default');
    assert.match(lb.created_at, NAIVE_TS_RE);
    assert.equal(lb.updated_at, null);
    assert.match(lb.vip_address, VIP_RE);
    assert.match(lb.vip_port_id, UUID_RE);
    assert.equal(lb.vip_subnet_id, VIP_SUBNET);
    assert.equal(lb.vip_network_id, VIP_NETWORK);
    assert.equal(lb.vip_qos_policy_id, null);
    assert.deepEqual(lb.additional_vips, []);
    assert.deepEqual(lb.listeners, []);
    assert.deepEqual(lb.pools, []);
    assert.equal(lb.provider, 'noop_driver');
    assert.equal(lb.flavor_id, null);
    assert.deepEqual(lb.tags, []);
    assert.equal(lb.availability_zone, null);

    const active = await waitActive(api(), lb.id);
    assert.equal(active.operating_status, 'ONLINE');
    assert.match(active.updated_at, NAIVE_TS_RE);
    assert.equal(active.created_at, lb.created_at);
    assert.equal(active.vip_address, lb.vip_address);
    assert.equal(active.vip_port_id, lb.vip_port_id);
  });

  it('stores the given name, description, admin state and tags', async () => {
    const res = await api().post(LB, {
      loadbalancer: { vip_subnet_id: VIP_SUBNET, name: 'web', description: 'front door', admin_state_up: false, tags: ['b', 'a'] },
    });
    assert.equal(res.status, 201, res.text);
    const lb = res.body.loadbalancer;
    assert.equal(lb.name, 'web');
    assert.equal(lb.description, 'front door');
    assert.equal(lb.admin_state_up, false);
    assert.deepEqual(lb.tags, ['a', 'b']);
    const active = await waitActive(api(), lb.id);
    // an admin-down load balancer converges but reports OFFLINE
    assert.equal(active.operating_status, 'OFFLINE');
    assert.equal(active.admin_state_up, false);
  });

  it('accepts JSON null for optional fields as "not given"', async () => {
    const res = await api().post(LB, {
      loadbalancer: { vip_subnet_id: VIP_SUBNET, name: null, description: null, vip_address: null },
    });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.body.loadbalancer.name, '');
    assert.equal(res.body.loadbalancer.description, '');
    await waitActive(api(), res.body.loadbalancer.id);
  });

  it('decodes lenient booleans and numeric strings', async () => {
    for (const [given, expected] of [
      ['no', false],
      ['off', false],
      [0, false],
      ['yes', true],
      ['t', true],
      [1, true],
    ] as const) {
      const res = await api().post(LB, { loadbalancer: { vip_subnet_id: VIP_SUBNET, admin_state_up: given } });
      assert.equal(res.status, 201, res.text);
      assert.equal(res.body.loadbalancer.admin_state_up, expected, `admin_state_up ${JSON.stringify(given)}`);
      await waitActive(api(), res.body.loadbalancer.id);
    }
    // WSME matches the spellings exactly: a capitalised one is ambiguous
    const capitalised = await api().post(LB, { loadbalancer: { vip_subnet_id: VIP_SUBNET, admin_state_up: 'Off' } });
    assert.equal(capitalised.status, 400, capitalised.text);
    assert.match(capitalised.body.faultstring, /Value not an unambiguous boolean: Off$/);
  });

  it('takes the project from X-Project-Id, then body project_id/tenant_id, else "default"', async () => {
    const fromHeader = await api().post(LB, { loadbalancer: { vip_subnet_id: VIP_SUBNET } }, { 'X-Project-Id': 'proj-header' });
    assert.equal(fromHeader.status, 201, fromHeader.text);
    assert.equal(fromHeader.body.loadbalancer.project_id, 'proj-header');
    assert.equal(fromHeader.body.loadbalancer.tenant_id, 'proj-header');

    const fromTenantHeader = await api().post(LB, { loadbalancer: { vip_subnet_id: VIP_SUBNET } }, { 'X-Tenant-Id': 'proj-tenant-header' });
    assert.equal(fromTenantHeader.status, 201, fromTenantHeader.text);
    assert.equal(fromTenantHeader.body.loadbalancer.project_id, 'proj-tenant-header');

    // the body wins over the context project
    const fromBody = await api().post(
      LB,
      { loadbalancer: { vip_subnet_id: VIP_SUBNET, project_id: 'proj-body' } },
      { 'X-Project-Id': 'proj-header' },
    );
    assert.equal(fromBody.status, 201, fromBody.text);
    assert.equal(fromBody.body.loadbalancer.project_id, 'proj-body');
    assert.equal(fromBody.body.loadbalancer.tenant_id, 'proj-body');

    const fromTenant = await api().post(LB, { loadbalancer: { vip_subnet_id: VIP_SUBNET, tenant_id: 'proj-tenant' } });
    assert.equal(fromTenant.status, 201, fromTenant.text);
    assert.equal(fromTenant.body.loadbalancer.project_id, 'proj-tenant');
    assert.equal(fromTenant.body.loadbalancer.tenant_id, 'proj-tenant');

    const tooLong = await api().post(LB, { loadbalancer: { vip_subnet_id: VIP_SUBNET, project_id: 'p'.repeat(37) } });
    assertFault(
      tooLong,
      400,
      `Invalid input for field/attribute project_id. Value: '${'p'.repeat(37)}'. Value should have a maximum character requirement of 36`,
    );

    for (const r of [fromHeader, fromTenantHeader, fromBody, fromTenant]) {
      const shown = await waitActive(api(), r.body.loadbalancer.id);
      assert.equal(shown.project_id, r.body.loadbalancer.project_id);
    }
  });

  it('selects the provider: named, default, or 400 when not enabled', async () => {
    const named = await api().post(LB, { loadbalancer: { vip_subnet_id: VIP_SUBNET, provider: 'noop_driver' } });
    assert.equal(named.status, 201, named.text);
    assert.equal(named.body.loadbalancer.provider, 'noop_driver');
    await waitActive(api(), named.body.loadbalancer.id);

    assertFault(await api().post(LB, { loadbalancer: { vip_subnet_id: VIP_SUBNET, provider: 'x' } }), 400, "Provider 'x' is not enabled.");
    assertFault(
      await api().post(LB, { loadbalancer: { vip_subnet_id: VIP_SUBNET, provider: 'p'.repeat(65) } }),
      400,
      `Invalid input for field/attribute provider. Value: '${'p'.repeat(65)}'. Value should have a maximum character requirement of 64`,
    );
  });

  it('an empty availability zone is none (Octavia skips it as falsy; storing it broke the foreign key: 500)', async () => {
    const res = await api().post(LB, { loadbalancer: { vip_subnet_id: VIP_SUBNET, availability_zone: '' } });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.body.loadbalancer.availability_zone, null);
  });

  it('refuses an unknown flavor and availability zone with 400', async () => {
    assertFault(
      await api().post(LB, { loadbalancer: { vip_subnet_id: VIP_SUBNET, flavor_id: '5f0c9e9e-4a3b-4c5e-9d0f-3a0a7c1b2d3e' } }),
      400,
      'Validation failure: Invalid flavor_id.',
    );
    assertFault(
      await api().post(LB, { loadbalancer: { vip_subnet_id: VIP_SUBNET, availability_zone: 'nowhere' } }),
      400,
      'Validation failure: Invalid availability zone.',
    );
  });

  it('shows a load balancer, with fields= keeping only the named attributes', async () => {
    const created = await api().post(LB, { loadbalancer: { vip_subnet_id: VIP_SUBNET, name: 'shown' } });
    const id = created.body.loadbalancer.id;
    await waitActive(api(), id);
    const full = await api().get(`${LB}/${id}`);
    assert.equal(full.status, 200);
    assert.deepEqual(Object.keys(full.body.loadbalancer).sort(), LB_KEYS);
    assert.equal(full.body.loadbalancer.name, 'shown');

    const some = await api().get(`${LB}/${id}?fields=id&fields=name&fields=no_such_field`);
    assert.equal(some.status, 200);
    assert.deepEqual(some.body, { loadbalancer: { id, name: 'shown' } });

    const list = await api().get(`${LB}?fields=id&fields=vip_address&name=shown`);
    assert.equal(list.status, 200);
    assert.deepEqual(list.body.loadbalancers, [{ id, vip_address: created.body.loadbalancer.vip_address }]);
    assert.deepEqual(list.body.loadbalancers_links, []);
  });

  it('answers 404 for an unknown id on show, update, delete, status and stats', async () => {
    const id = '0b8f6c2e-7d3a-4e1f-9a5b-1c2d3e4f5a6b';
    const msg = `Load Balancer ${id} not found.`;
    assertFault(await api().get(`${LB}/${id}`), 404, msg);
    assertFault(await api().put(`${LB}/${id}`, { loadbalancer: { name: 'x' } }), 404, msg);
    assertFault(await api().delete(`${LB}/${id}`), 404, msg);
    assertFault(await api().get(`${LB}/${id}/status`), 404, msg);
    assertFault(await api().get(`${LB}/${id}/stats`), 404, msg);
  });
});

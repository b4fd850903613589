// POST/PUT /loadbalancers body validation: Octavia's status codes and faultstrings for every kind of bad input.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeEachDatabase } from '../support/matrix.js';
import { assertFault, createLb, LB, VIP_SUBNET } from '../support/fixtures.js';

const LONG = 'n'.repeat(256);
const post = (body: unknown) => ({ loadbalancer: { vip_subnet_id: VIP_SUBNET, ...(body as object) } });

describeEachDatabase('load balancer validation', (api) => {
  it('rejects a body that is not JSON', async () => {
    assertFault(await api().post(LB, '{"loadbalancer": {'), 400, 'Request is not in valid JSON format');
  });

  it('rejects a body without the wrapper key or with a non-object wrapper', async () => {
    assertFault(await api().post(LB, {}), 400);
    assertFault(await api().post(LB, { load_balancer: { vip_subnet_id: VIP_SUBNET } }), 400);
    assertFault(await api().post(LB, { loadbalancer: 'x' }), 400);
    assertFault(await api().post(LB, { loadbalancer: [] }), 400);
  });

  it('rejects unknown attributes inside and beside the wrapper', async () => {
    assertFault(await api().post(LB, post({ foo: 1 })), 400, /^Unknown attribute for argument [\w.]+: foo$/);
    assertFault(await api().post(LB, { ...post({}), bar: 1 }), 400, /^Unknown attribute for argument [\w.]+: bar$/);
    // read-only response attributes are not inputs either
    assertFault(
      await api().post(LB, post({ provisioning_status: 'ACTIVE' })),
      400,
      /^Unknown attribute for argument [\w.]+: provisioning_status$/,
    );
    assertFault(
      await api().post(LB, post({ id: '0b8f6c2e-7d3a-4e1f-9a5b-1c2d3e4f5a6b' })),
      400,
      /^Unknown attribute for argument [\w.]+: id$/,
    );
  });

  it('requires one VIP field', async () => {
    assertFault(
      await api().post(LB, { loadbalancer: { name: 'no-vip' } }),
      400,
      'Validation failure: VIP must contain one of: vip_port_id, vip_network_id, vip_subnet_id.',
    );
  });

  it('rejects malformed UUIDs', async () => {
    for (const field of ['vip_subnet_id', 'vip_network_id', 'vip_port_id', 'flavor_id', 'vip_qos_policy_id']) {
      assertFault(
        await api().post(LB, { loadbalancer: { vip_subnet_id: VIP_SUBNET, [field]: 'not-a-uuid' } }),
        400,
        `Invalid input for field/attribute ${field}. Value: 'not-a-uuid'. Value should be UUID format`,
      );
    }
  });

  it('rejects too-long strings', async () => {
    for (const field of ['name', 'description', 'availability_zone']) {
      assertFault(
        await api().post(LB, post({ [field]: LONG })),
        400,
        `Invalid input for field/attribute ${field}. Value: '${LONG}'. Value should have a maximum character requirement of 255`,
      );
    }
    assertFault(
      await api().post(LB, post({ tags: ['ok', 't'.repeat(256)] })),
      400,
      `Invalid input for field/attribute tags. Value: '${'t'.repeat(256)}'. Value should have a maximum character requirement of 255`,
    );
  });

  it('rejects wrong JSON types', async () => {
    assertFault(
      await api().post(LB, post({ name: 1 })),
      400,
      "Invalid input for field/attribute name. Value: '1'. Wrong type. Expected '<class 'str'>', got '<class 'int'>'",
    );
    assertFault(await api().post(LB, post({ tags: 'web' })), 400, /^Invalid input for field\/attribute tags\. Value: 'web'\./);
    assertFault(await api().post(LB, post({ listeners: {} })), 400, /^Invalid input for field\/attribute listeners\./);
    assertFault(
      await api().post(LB, post({ vip_address: 'not-an-ip' })),
      400,
      "Invalid input for field/attribute vip_address. Value: 'not-an-ip'. Value should be IPv4 or IPv6 format",
    );
    assertFault(
      await api().post(LB, post({ admin_state_up: 'maybe' })),
      400,
      /^Invalid input for field\/attribute load_balancer\. Value: '.*'\. Value not an unambiguous boolean: maybe$/,
    );
  });

  it('validates additional_vips items', async () => {
    assertFault(
      await api().post(LB, post({ additional_vips: [{ ip_address: '127.80.9.9' }] })),
      400,
      "Invalid input for field/attribute subnet_id. Value: 'None'. Mandatory field missing.",
    );
    assertFault(
      await api().post(LB, post({ additional_vips: [{ subnet_id: VIP_SUBNET }] })),
      400,
      'Validation failure: Duplicate VIP subnet(s) specified. Only one IP can be bound per subnet.',
    );
  });

  it('refuses a VIP QoS policy where the network has no QoS (POST and PUT)', async () => {
    const qos = '3c6a1e2f-0b7d-4c8e-9f1a-2b3c4d5e6f70';
    assertFault(
      await api().post(LB, post({ vip_qos_policy_id: qos })),
      400,
      'Validation failure: VIP QoS policy is not allowed in this deployment.',
    );
    const lb = await createLb(api());
    assertFault(
      await api().put(`${LB}/${lb.id}`, { loadbalancer: { vip_qos_policy_id: qos } }),
      400,
      'Validation failure: VIP QoS policy is not allowed in this deployment.',
    );
  });

  it('refuses immutable attributes and bad values on PUT', async () => {
    const lb = await createLb(api());
    const before = await api().get(`${LB}/${lb.id}`);
    const put = (body: unknown) => api().put(`${LB}/${lb.id}`, body);
    const immutable: Record<string, unknown> = {
      vip_subnet_id: VIP_SUBNET,
      vip_network_id: lb.vip_network_id,
      vip_port_id: lb.vip_port_id,
      vip_address: '127.80.200.1',
      provider: 'noop_driver',
      flavor_id: '0b8f6c2e-7d3a-4e1f-9a5b-1c2d3e4f5a6b',
      availability_zone: 'az1',
      project_id: 'other',
      listeners: [],
      pools: [],
      additional_vips: [],
    };
    for (const [field, value] of Object.entries(immutable)) {
      assertFault(await put({ loadbalancer: { [field]: value } }), 400, new RegExp(`^Unknown attribute for argument [\\w.]+: ${field}$`));
    }
    assertFault(await put('{"loadbalancer": '), 400, 'Request is not in valid JSON format');
    assertFault(await put({}), 400);
    assertFault(
      await put({ loadbalancer: { name: LONG } }),
      400,
      `Invalid input for field/attribute name. Value: '${LONG}'. Value should have a maximum character requirement of 255`,
    );
    assertFault(
      await put({ loadbalancer: { admin_state_up: 'perhaps' } }),
      400,
      /^Invalid input for field\/attribute load_balancer\. Value: '.*'\. Value not an unambiguous boolean: perhaps$/,
    );
    // none of the refused updates touched the load balancer
    const after = await api().get(`${LB}/${lb.id}`);
    assert.deepEqual(after.body, before.body);
  });

  it('answers 400 Missing argument for PUT/DELETE on the collection', async () => {
    assertFault(await api().put(LB, { loadbalancer: { name: 'x' } }), 400, 'Missing argument: "id"');
    assertFault(await api().delete(LB), 400, 'Missing argument: "id"');
  });
});

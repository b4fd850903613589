// PUT and DELETE /v2/lbaas/pools/{pool_id}/members/{id}: mutable fields, null semantics, sub-path ownership (spec §6.4).
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { assertFault, createLb, createMember, createPool, VIP_SUBNET, waitActive } from '../support/fixtures.js';
import { describeEachDatabase } from '../support/matrix.js';

const MISSING = '6b1d0e4c-3a2f-4e8b-9c1d-000000000404';
const members = (poolId: string) => `/v2/lbaas/pools/${poolId}/members`;

describeEachDatabase('members: update and delete', (api) => {
  let lbId: string;
  let poolId: string;
  let nextPort = 20000;

  before(async () => {
    lbId = (await createLb(api())).id;
    poolId = (await createPool(api(), lbId)).id;
  });

  const fresh = (extra: Record<string, unknown> = {}) =>
    createMember(api(), lbId, poolId, { address: '127.0.0.1', protocol_port: nextPort++, ...extra });
  const put = (id: string, member: Record<string, unknown>, pool = poolId) => api().put(`${members(pool)}/${id}`, { member });
  const show = async (id: string) => (await api().get(`${members(poolId)}/${id}`)).body.member;

  it('updates every mutable field and goes back to ACTIVE', async () => {
    const m = await fresh({ name: 'old' });
    const res = await put(m.id, {
      name: 'new',
      weight: 10,
      backup: true,
      admin_state_up: false,
      monitor_address: '127.0.0.8',
      monitor_port: 8888,
      tags: ['a'],
    });
    assert.equal(res.status, 200, res.text);
    const u = res.body.member;
    assert.equal(u.name, 'new');
    assert.equal(u.weight, 10);
    assert.equal(u.backup, true);
    assert.equal(u.admin_state_up, false);
    assert.equal(u.monitor_address, '127.0.0.8');
    assert.equal(u.monitor_port, 8888);
    assert.deepEqual(u.tags, ['a']);
    assert.equal(u.address, '127.0.0.1');
    assert.equal(u.protocol_port, m.protocol_port);
    await waitActive(api(), lbId);
    const shown = await show(m.id);
    assert.equal(shown.provisioning_status, 'ACTIVE');
    assert.equal(shown.operating_status, 'NO_MONITOR');
    assert.notEqual(shown.updated_at, null);
    assert.equal(shown.weight, 10);
  });

  it('resets weight to 1 and backup to false on null, clears the monitor fields, renders a null name as ""', async () => {
    const m = await fresh({ name: 'n', weight: 50, backup: true, monitor_address: '127.0.0.7', monitor_port: 7777, tags: ['t'] });
    const res = await put(m.id, { weight: null, backup: null, monitor_address: null, monitor_port: null, name: null });
    assert.equal(res.status, 200, res.text);
    const u = res.body.member;
    assert.equal(u.weight, 1);
    assert.equal(u.backup, false);
    assert.equal(u.monitor_address, null);
    assert.equal(u.monitor_port, null);
    assert.equal(u.name, '');
    assert.deepEqual(u.tags, ['t']);
    await waitActive(api(), lbId);
    const shown = await show(m.id);
    assert.equal(shown.weight, 1);
    assert.equal(shown.backup, false);
  });

  it('leaves omitted fields alone', async () => {
    const m = await fresh({ name: 'stay', weight: 33, backup: true, admin_state_up: false, monitor_port: 7000, tags: ['x'] });
    const res = await put(m.id, { weight: 34 });
    assert.equal(res.status, 200, res.text);
    const u = res.body.member;
    assert.equal(u.weight, 34);
    assert.equal(u.name, 'stay');
    assert.equal(u.backup, true);
    assert.equal(u.admin_state_up, false);
    assert.equal(u.monitor_port, 7000);
    assert.deepEqual(u.tags, ['x']);
    await waitActive(api(), lbId);
  });

  it('refuses immutable and unknown attributes and bad values with 400', async () => {
    const m = await fresh({ weight: 5 });
    for (const [field, value] of [
      ['address', '127.0.0.2'],
      ['protocol_port', 81],
      ['subnet_id', VIP_SUBNET],
      ['pool_id', poolId],
      ['project_id', 'other'],
    ] as const) {
      assertFault(await put(m.id, { weight: 6, [field]: value }), 400, new RegExp(`^Unknown attribute for argument .*: ${field}$`));
    }
    assertFault(
      await put(m.id, { weight: 257 }),
      400,
      "Invalid input for field/attribute weight. Value: '257'. Value should be lower or equal to 256",
    );
    assertFault(
      await put(m.id, { weight: -1 }),
      400,
      "Invalid input for field/attribute weight. Value: '-1'. Value should be greater or equal to 0",
    );
    assertFault(
      await put(m.id, { monitor_port: 70000 }),
      400,
      "Invalid input for field/attribute monitor_port. Value: '70000'. Value should be lower or equal to 65535",
    );
    assertFault(
      await put(m.id, { monitor_address: 'nowhere' }),
      400,
      "Invalid input for field/attribute monitor_address. Value: 'nowhere'. Value should be IPv4 or IPv6 format",
    );
    const shown = await show(m.id);
    assert.equal(shown.weight, 5);
    assert.equal(shown.provisioning_status, 'ACTIVE');
  });

  it('answers 404 for a member of another pool and for a member that does not exist', async () => {
    const m = await fresh();
    const other = await createPool(api(), lbId);
    const wrong = `${members(other.id)}/${m.id}`;
    assertFault(await api().get(wrong), 404, `Member ${m.id} not found.`);
    assertFault(await api().put(wrong, { member: { weight: 3 } }), 404, `Member ${m.id} not found.`);
    assertFault(await api().delete(wrong), 404, `Member ${m.id} not found.`);
    const missing = `${members(poolId)}/${MISSING}`;
    assertFault(await api().get(missing), 404, `Member ${MISSING} not found.`);
    assertFault(await api().put(missing, { member: { weight: 3 } }), 404, `Member ${MISSING} not found.`);
    assertFault(await api().delete(missing), 404, `Member ${MISSING} not found.`);
    const shown = await show(m.id);
    assert.equal(shown.weight, 1);
    assert.equal(shown.provisioning_status, 'ACTIVE');
    assertFault(await api().delete(members(poolId)), 400, 'Missing argument: "id"');
  });

  it('deletes a member: 204 with an empty body, then gone from the pool', async () => {
    const m = await fresh();
    const keep = await fresh();
    const res = await api().delete(`${members(poolId)}/${m.id}`);
    assert.equal(res.status, 204, res.text);
    assert.equal(res.text, '');
    await waitActive(api(), lbId);
    assertFault(await api().get(`${members(poolId)}/${m.id}`), 404, `Member ${m.id} not found.`);
    const listed = (await api().get(members(poolId))).body.members.map((x: { id: string }) => x.id);
    assert.ok(!listed.includes(m.id));
    assert.ok(listed.includes(keep.id));
    const pool = (await api().get(`/v2/lbaas/pools/${poolId}`)).body.pool;
    assert.ok(!pool.members.some((r: { id: string }) => r.id === m.id));
    assert.equal(pool.provisioning_status, 'ACTIVE');
    assert.equal((await show(keep.id)).provisioning_status, 'ACTIVE');
  });
});

// POST /v2/lbaas/pools/{pool_id}/members: defaults, operating status at creation, validation (spec §6.4, §5.1).
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { assertFault, createHealthMonitor, createLb, createMember, createPool, VIP_SUBNET, waitActive } from '../support/fixtures.js';
import { describeEachDatabase } from '../support/matrix.js';

const MISSING = '6b1d0e4c-3a2f-4e8b-9c1d-000000000404';
const members = (poolId: string) => `/v2/lbaas/pools/${poolId}/members`;

const MEMBER_KEYS = [
  'id',
  'name',
  'operating_status',
  'provisioning_status',
  'admin_state_up',
  'address',
  'protocol_port',
  'weight',
  'backup',
  'subnet_id',
  'project_id',
  'tenant_id',
  'created_at',
  'updated_at',
  'monitor_address',
  'monitor_port',
  'tags',
].sort();

describeEachDatabase('members: create', (api) => {
  let lbId: string;
  let poolId: string;
  let nextPort = 10000;

  before(async () => {
    lbId = (await createLb(api())).id;
    poolId = (await createPool(api(), lbId)).id;
  });

  const post = (member: Record<string, unknown>, pool = poolId) => api().post(members(pool), { member });
  const port = () => nextPort++;

  it('answers 201 with every default; without a monitor the member is NO_MONITOR', async () => {
    const res = await post({ address: '127.0.0.1', protocol_port: 8080 });
    assert.equal(res.status, 201, res.text);
    const m = res.body.member;
    assert.deepEqual(Object.keys(m).sort(), MEMBER_KEYS);
    const { id: _id, created_at: _c, ...rest } = m;
    assert.deepEqual(rest, {
      name: '',
      operating_status: 'NO_MONITOR',
      provisioning_status: 'PENDING_CREATE',
      admin_state_up: true,
      address: '127.0.0.1',
      protocol_port: 8080,
      weight: 1,
      backup: false,
      subnet_id: null,
      project_id: 'default',
      tenant_id: 'default',
      updated_at: null,
      monitor_address: null,
      monitor_port: null,
      tags: [],
    });
    await waitActive(api(), lbId);
    const shown = (await api().get(`${members(poolId)}/${m.id}`)).body.member;
    assert.equal(shown.provisioning_status, 'ACTIVE');
    assert.equal(shown.operating_status, 'NO_MONITOR');
    const pool = (await api().get(`/v2/lbaas/pools/${poolId}`)).body.pool;
    assert.ok(pool.members.some((r: { id: string }) => r.id === m.id));
    assert.equal(pool.provisioning_status, 'ACTIVE');
  });

  it('starts OFFLINE in a monitored pool and goes ONLINE once active', async () => {
    const monitored = await createPool(api(), lbId);
    await createHealthMonitor(api(), lbId, monitored.id);
    const res = await post({ address: '127.0.0.1', protocol_port: 80 }, monitored.id);
    assert.equal(res.status, 201, res.text);
    assert.equal(res.body.member.operating_status, 'OFFLINE');
    await waitActive(api(), lbId);
    const shown = (await api().get(`${members(monitored.id)}/${res.body.member.id}`)).body.member;
    assert.equal(shown.provisioning_status, 'ACTIVE');
    assert.equal(shown.operating_status, 'ONLINE');
  });

  it('keeps the values it is given', async () => {
    const res = await post({
      address: '::1',
      protocol_port: 443,
      name: 'web-1',
      weight: 0,
      backup: true,
      admin_state_up: false,
      subnet_id: VIP_SUBNET,
      monitor_address: '127.0.0.9',
      monitor_port: 9000,
      tags: ['blue'],
    });
    assert.equal(res.status, 201, res.text);
    const m = res.body.member;
    assert.equal(m.address, '::1');
    assert.equal(m.protocol_port, 443);
    assert.equal(m.name, 'web-1');
    assert.equal(m.weight, 0);
    assert.equal(m.backup, true);
    assert.equal(m.admin_state_up, false);
    assert.equal(m.subnet_id, VIP_SUBNET);
    assert.equal(m.monitor_address, '127.0.0.9');
    assert.equal(m.monitor_port, 9000);
    assert.deepEqual(m.tags, ['blue']);
    await waitActive(api(), lbId);
  });

  it('accepts the range boundaries and numeric strings', async () => {
    for (const member of [
      { address: '127.0.0.2', protocol_port: 1, weight: 256, monitor_port: 65535 },
      { address: '127.0.0.2', protocol_port: 65535, weight: 0, monitor_port: 1 },
    ]) {
      const res = await post(member);
      assert.equal(res.status, 201, res.text);
      assert.equal(res.body.member.weight, member.weight);
      await waitActive(api(), lbId);
    }
    const res = await post({ address: '127.0.0.3', protocol_port: '8443', weight: '7', backup: 'yes' });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.body.member.protocol_port, 8443);
    assert.equal(res.body.member.weight, 7);
    assert.equal(res.body.member.backup, true);
    await waitActive(api(), lbId);
  });

  it('rejects values out of range', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ protocol_port: 0 }, "Invalid input for field/attribute protocol_port. Value: '0'. Value should be greater or equal to 1"],
      [
        { protocol_port: 65536 },
        "Invalid input for field/attribute protocol_port. Value: '65536'. Value should be lower or equal to 65535",
      ],
      [{ weight: -1 }, "Invalid input for field/attribute weight. Value: '-1'. Value should be greater or equal to 0"],
      [{ weight: 257 }, "Invalid input for field/attribute weight. Value: '257'. Value should be lower or equal to 256"],
      [{ monitor_port: 0 }, "Invalid input for field/attribute monitor_port. Value: '0'. Value should be greater or equal to 1"],
      [{ monitor_port: 65536 }, "Invalid input for field/attribute monitor_port. Value: '65536'. Value should be lower or equal to 65535"],
    ];
    for (const [extra, message] of cases) {
      assertFault(await post({ address: '127.0.0.4', protocol_port: 80, ...extra }), 400, message);
    }
  });

  it('rejects malformed addresses and ids', async () => {
    for (const address of ['127.0.0.300', 'localhost', '::g', '']) {
      assertFault(
        await post({ address, protocol_port: 80 }),
        400,
        `Invalid input for field/attribute address. Value: '${address}'. Value should be IPv4 or IPv6 format`,
      );
    }
    assertFault(
      await post({ address: '127.0.0.4', protocol_port: 80, monitor_address: '127.0.0.256' }),
      400,
      "Invalid input for field/attribute monitor_address. Value: '127.0.0.256'. Value should be IPv4 or IPv6 format",
    );
    assertFault(
      await post({ address: '127.0.0.4', protocol_port: 80, subnet_id: 'subnet-1' }),
      400,
      "Invalid input for field/attribute subnet_id. Value: 'subnet-1'. Value should be UUID format",
    );
  });

  it('rejects missing mandatory fields and unknown attributes', async () => {
    assertFault(
      await post({ protocol_port: 80 }),
      400,
      "Invalid input for field/attribute address. Value: 'None'. Mandatory field missing.",
    );
    assertFault(
      await post({ address: '127.0.0.4' }),
      400,
      "Invalid input for field/attribute protocol_port. Value: 'None'. Mandatory field missing.",
    );
    assertFault(
      await post({ address: null, protocol_port: 80 }),
      400,
      "Invalid input for field/attribute address. Value: 'None'. Mandatory field missing.",
    );
    assertFault(
      await post({ address: '127.0.0.4', protocol_port: null }),
      400,
      "Invalid input for field/attribute protocol_port. Value: 'None'. Mandatory field missing.",
    );
    assertFault(
      await post({ address: '127.0.0.4', protocol_port: 80, description: 'x' }),
      400,
      /^Unknown attribute for argument .*: description$/,
    );
    assertFault(
      await post({ address: '127.0.0.4', protocol_port: 80, backup: 'perhaps' }),
      400,
      /Value not an unambiguous boolean: perhaps$/,
    );
  });

  it('refuses the reserved metadata address and unknown subnets with 400', async () => {
    assertFault(
      await post({ address: '169.254.169.254', protocol_port: 80 }),
      400,
      '169.254.169.254 is not a valid option for member address',
    );
    assertFault(await post({ address: '127.0.0.4', protocol_port: 80, subnet_id: MISSING }), 400, `Subnet ${MISSING} not found.`);
    const lb = (await api().get(`/v2/lbaas/loadbalancers/${lbId}`)).body.loadbalancer;
    assert.equal(lb.provisioning_status, 'ACTIVE');
  });

  it('refuses a second member with the same address and port (409), not the same address on another port or pool', async () => {
    await createMember(api(), lbId, poolId, { address: '127.0.0.1', protocol_port: 8081 });
    assertFault(
      await post({ address: '127.0.0.1', protocol_port: 8081, name: 'dup' }),
      409,
      'Another member on this pool is already using ip 127.0.0.1 on protocol_port 8081',
    );
    const lb = (await api().get(`/v2/lbaas/loadbalancers/${lbId}`)).body.loadbalancer;
    assert.equal(lb.provisioning_status, 'ACTIVE');
    await createMember(api(), lbId, poolId, { address: '127.0.0.1', protocol_port: port() });
    const other = await createPool(api(), lbId);
    await createMember(api(), lbId, other.id, { address: '127.0.0.1', protocol_port: 8081 });
  });

  it('answers 404 "Pool <id> not found." under a pool that does not exist', async () => {
    const base = members(MISSING);
    assertFault(await api().post(base, { member: { address: '127.0.0.1', protocol_port: 80 } }), 404, `Pool ${MISSING} not found.`);
    assertFault(await api().get(base), 404, `Pool ${MISSING} not found.`);
    assertFault(await api().get(`${base}/${MISSING}`), 404, `Pool ${MISSING} not found.`);
    assertFault(await api().put(`${base}/${MISSING}`, { member: { name: 'x' } }), 404, `Pool ${MISSING} not found.`);
    assertFault(await api().delete(`${base}/${MISSING}`), 404, `Pool ${MISSING} not found.`);
    assertFault(await api().put(base, { members: [] }), 404, `Pool ${MISSING} not found.`);
    assertFault(await api().get(members('not-a-uuid')), 404, 'Pool not-a-uuid not found.');
  });
});

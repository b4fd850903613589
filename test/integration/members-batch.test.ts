// PUT /v2/lbaas/pools/{pool_id}/members[?additive_only=true]: batch member update (spec §6.4 "Batch update").
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { assertFault, createHealthMonitor, createLb, createMember, createPool, LB, waitActive } from '../support/fixtures.js';
import { describeEachDatabase } from '../support/matrix.js';

const MISSING = '6b1d0e4c-3a2f-4e8b-9c1d-000000000404';
const members = (poolId: string) => `/v2/lbaas/pools/${poolId}/members`;

interface Member {
  id: string;
  name: string;
  address: string;
  protocol_port: number;
  weight: number;
  backup: boolean;
  admin_state_up: boolean;
  monitor_address: string | null;
  monitor_port: number | null;
  tags: string[];
  provisioning_status: string;
  operating_status: string;
  updated_at: string | null;
}

describeEachDatabase('members: batch update', (api) => {
  let lbId: string;

  before(async () => {
    lbId = (await createLb(api())).id;
  });

  const batch = (poolId: string, items: unknown[], query = '') => api().put(`${members(poolId)}${query}`, { members: items });
  const list = async (poolId: string): Promise<Map<string, Member>> => {
    const res = await api().get(members(poolId));
    assert.equal(res.status, 200, res.text);
    return new Map((res.body.members as Member[]).map((m) => [`${m.address}:${m.protocol_port}`, m]));
  };
  const assert202 = (res: { status: number; text: string; headers: Headers }) => {
    assert.equal(res.status, 202, res.text);
    assert.equal(res.text, '');
    assert.equal(res.headers.get('content-type'), null);
  };

  it('creates listed new members, updates matched ones with all fields, deletes the rest', async () => {
    const pool = await createPool(api(), lbId);
    const a = await createMember(api(), lbId, pool.id, {
      address: '127.0.0.1',
      protocol_port: 80,
      name: 'a',
      weight: 5,
      backup: true,
      admin_state_up: false,
      monitor_address: '127.0.0.11',
      monitor_port: 9000,
      tags: ['keep'],
    });
    const b = await createMember(api(), lbId, pool.id, { address: '127.0.0.2', protocol_port: 80 });

    const res = await batch(pool.id, [
      { address: '127.0.0.1', protocol_port: 80 },
      { address: '127.0.0.3', protocol_port: 80, weight: 3, name: 'c', tags: ['new'] },
    ]);
    assert202(res);
    await waitActive(api(), lbId);

    const after = await list(pool.id);
    assert.deepEqual([...after.keys()].sort(), ['127.0.0.1:80', '127.0.0.3:80']);
    const updated = after.get('127.0.0.1:80')!;
    assert.equal(updated.id, a.id);
    // omitted fields revert to the create defaults; name and tags (no defaults) stay
    assert.equal(updated.weight, 1);
    assert.equal(updated.backup, false);
    assert.equal(updated.admin_state_up, true);
    assert.equal(updated.monitor_address, null);
    assert.equal(updated.monitor_port, null);
    assert.equal(updated.name, 'a');
    assert.deepEqual(updated.tags, ['keep']);
    const created = after.get('127.0.0.3:80')!;
    assert.equal(created.weight, 3);
    assert.equal(created.name, 'c');
    assert.deepEqual(created.tags, ['new']);
    for (const m of after.values()) {
      assert.equal(m.provisioning_status, 'ACTIVE');
      assert.equal(m.operating_status, 'NO_MONITOR');
    }
    assertFault(await api().get(`${members(pool.id)}/${b.id}`), 404, `Member ${b.id} not found.`);
    const shownPool = (await api().get(`/v2/lbaas/pools/${pool.id}`)).body.pool;
    assert.equal(shownPool.provisioning_status, 'ACTIVE');
    assert.equal(shownPool.members.length, 2);
  });

  it('with additive_only=true leaves unlisted members untouched', async () => {
    const pool = await createPool(api(), lbId);
    const a = await createMember(api(), lbId, pool.id, { address: '127.0.0.1', protocol_port: 80, weight: 9 });
    const b = await createMember(api(), lbId, pool.id, { address: '127.0.0.2', protocol_port: 80, weight: 8 });
    const before = await list(pool.id);

    const res = await batch(
      pool.id,
      [
        { address: '127.0.0.2', protocol_port: 80, weight: 20 },
        { address: '127.0.0.4', protocol_port: 8080 },
      ],
      '?additive_only=true',
    );
    assert202(res);
    await waitActive(api(), lbId);

    const after = await list(pool.id);
    assert.deepEqual([...after.keys()].sort(), ['127.0.0.1:80', '127.0.0.2:80', '127.0.0.4:8080']);
    const untouched = after.get('127.0.0.1:80')!;
    assert.equal(untouched.id, a.id);
    assert.equal(untouched.weight, 9);
    assert.equal(untouched.updated_at, before.get('127.0.0.1:80')!.updated_at);
    assert.equal(after.get('127.0.0.2:80')!.id, b.id);
    assert.equal(after.get('127.0.0.2:80')!.weight, 20);
    assert.equal(after.get('127.0.0.4:8080')!.weight, 1);
    for (const m of after.values()) assert.equal(m.provisioning_status, 'ACTIVE');
  });

  it('reads additive_only as a boolean: "True" keeps, "false" deletes', async () => {
    const pool = await createPool(api(), lbId);
    await createMember(api(), lbId, pool.id, { address: '127.0.0.1', protocol_port: 80 });
    assert202(await batch(pool.id, [{ address: '127.0.0.2', protocol_port: 80 }], '?additive_only=True'));
    await waitActive(api(), lbId);
    assert.deepEqual([...(await list(pool.id)).keys()].sort(), ['127.0.0.1:80', '127.0.0.2:80']);
    assert202(await batch(pool.id, [{ address: '127.0.0.2', protocol_port: 80 }], '?additive_only=false'));
    await waitActive(api(), lbId);
    assert.deepEqual([...(await list(pool.id)).keys()], ['127.0.0.2:80']);
  });

  it('an empty list deletes every member; an empty change set is a 202 no-op', async () => {
    const pool = await createPool(api(), lbId);
    await createMember(api(), lbId, pool.id, { address: '127.0.0.1', protocol_port: 80 });
    await createMember(api(), lbId, pool.id, { address: '127.0.0.2', protocol_port: 80 });
    assert202(await batch(pool.id, []));
    await waitActive(api(), lbId);
    assert.equal((await list(pool.id)).size, 0);

    const lbBefore = (await api().get(`${LB}/${lbId}`)).body.loadbalancer;
    const poolBefore = (await api().get(`/v2/lbaas/pools/${pool.id}`)).body.pool;
    assert202(await batch(pool.id, []));
    assert202(await batch(pool.id, [], '?additive_only=true'));
    const lbAfter = (await api().get(`${LB}/${lbId}`)).body.loadbalancer;
    const poolAfter = (await api().get(`/v2/lbaas/pools/${pool.id}`)).body.pool;
    assert.equal(lbAfter.provisioning_status, 'ACTIVE');
    assert.equal(lbAfter.updated_at, lbBefore.updated_at);
    assert.equal(poolAfter.provisioning_status, 'ACTIVE');
    assert.equal(poolAfter.updated_at, poolBefore.updated_at);
  });

  it('new members of a monitored pool end ACTIVE/ONLINE', async () => {
    const pool = await createPool(api(), lbId);
    await createHealthMonitor(api(), lbId, pool.id, { type: 'TCP' });
    assert202(
      await batch(pool.id, [
        { address: '127.0.0.1', protocol_port: 80 },
        { address: '127.0.0.2', protocol_port: 80 },
      ]),
    );
    await waitActive(api(), lbId);
    const after = await list(pool.id);
    assert.equal(after.size, 2);
    for (const m of after.values()) {
      assert.equal(m.provisioning_status, 'ACTIVE');
      assert.equal(m.operating_status, 'ONLINE');
    }
  });

  it('refuses duplicate entries with 409 and changes nothing', async () => {
    const pool = await createPool(api(), lbId);
    const a = await createMember(api(), lbId, pool.id, { address: '127.0.0.1', protocol_port: 80, weight: 4 });
    assertFault(
      await batch(pool.id, [
        { address: '127.0.0.5', protocol_port: 80 },
        { address: '127.0.0.5', protocol_port: 80, weight: 2 },
      ]),
      409,
      'Another member on this pool is already using ip 127.0.0.5 on protocol_port 80',
    );
    assertFault(
      await batch(pool.id, [
        { address: '127.0.0.1', protocol_port: 80 },
        { address: '127.0.0.1', protocol_port: 80 },
      ]),
      409,
      'Another member on this pool is already using ip 127.0.0.1 on protocol_port 80',
    );
    const after = await list(pool.id);
    assert.deepEqual([...after.keys()], ['127.0.0.1:80']);
    assert.equal(after.get('127.0.0.1:80')!.id, a.id);
    assert.equal(after.get('127.0.0.1:80')!.weight, 4);
    assert.equal((await api().get(`${LB}/${lbId}`)).body.loadbalancer.provisioning_status, 'ACTIVE');
  });

  it('validates every item like a member create and changes nothing on error', async () => {
    const pool = await createPool(api(), lbId);
    await createMember(api(), lbId, pool.id, { address: '127.0.0.1', protocol_port: 80 });
    const ok = { address: '127.0.0.2', protocol_port: 80 };
    assertFault(
      await batch(pool.id, [ok, { protocol_port: 80 }]),
      400,
      "Invalid input for field/attribute address. Value: 'None'. Mandatory field missing.",
    );
    assertFault(
      await batch(pool.id, [ok, { address: '127.0.0.3', protocol_port: 80, weight: 300 }]),
      400,
      "Invalid input for field/attribute weight. Value: '300'. Value should be lower or equal to 256",
    );
    assertFault(
      await batch(pool.id, [ok, { address: '127.0.0.999', protocol_port: 80 }]),
      400,
      "Invalid input for field/attribute address. Value: '127.0.0.999'. Value should be IPv4 or IPv6 format",
    );
    assertFault(
      await batch(pool.id, [ok, { address: '169.254.169.254', protocol_port: 80 }]),
      400,
      '169.254.169.254 is not a valid option for member address',
    );
    assertFault(
      await batch(pool.id, [ok, { address: '127.0.0.3', protocol_port: 80, subnet_id: MISSING }]),
      400,
      `Subnet ${MISSING} not found.`,
    );
    assertFault(await batch(pool.id, [{ ...ok, colour: 'red' }]), 400, /^Unknown attribute for argument .*: colour$/);
    assertFault(
      await api().put(members(pool.id), {}),
      400,
      "Invalid input for field/attribute members. Value: 'None'. Mandatory field missing.",
    );
    assertFault(await batch(MISSING, [ok]), 404, `Pool ${MISSING} not found.`);
    assert.deepEqual([...(await list(pool.id)).keys()], ['127.0.0.1:80']);
    assert.equal((await api().get(`${LB}/${lbId}`)).body.loadbalancer.provisioning_status, 'ACTIVE');
    assert.equal((await api().get(`/v2/lbaas/pools/${pool.id}`)).body.pool.provisioning_status, 'ACTIVE');
  });
});

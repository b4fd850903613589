// Member writes while operations are in flight: the pool must be ACTIVE ("Pool ... is immutable"), then the load
// balancer; the statuses single and batch operations set (spec §5.2). The noop provider holds operations for 1.5 s.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { assertFault, createLb, createListener, createMember, createPool, LB, waitActive } from '../support/fixtures.js';
import { describeEachDatabase } from '../support/matrix.js';

const members = (poolId: string) => `/v2/lbaas/pools/${poolId}/members`;

describeEachDatabase(
  'members: while the pool or load balancer is busy',
  (api) => {
    let lbId: string;
    let listenerId: string;
    let poolId: string;
    let memberId: string;

    before(async () => {
      lbId = (await createLb(api())).id;
      listenerId = (await createListener(api(), lbId, { protocol: 'HTTP', protocol_port: 80 })).id;
      poolId = (await createPool(api(), lbId, { listener_id: listenerId })).id;
      memberId = (await createMember(api(), lbId, poolId, { address: '127.0.0.1', protocol_port: 80 })).id;
    });

    const status = async (path: string, key: string) => (await api().get(path)).body[key].provisioning_status;
    const poolImmutable = (id: string) => `Pool ${id} is immutable and cannot be updated.`;

    it('a pool still PENDING_CREATE takes no members (409)', async () => {
      const res = await api().post('/v2/lbaas/pools', { pool: { loadbalancer_id: lbId, protocol: 'HTTP', lb_algorithm: 'ROUND_ROBIN' } });
      assert.equal(res.status, 201, res.text);
      const id = res.body.pool.id;
      assertFault(await api().post(members(id), { member: { address: '127.0.0.1', protocol_port: 80 } }), 409, poolImmutable(id));
      assertFault(await api().put(members(id), { members: [{ address: '127.0.0.1', protocol_port: 80 }] }), 409, poolImmutable(id));
      await waitActive(api(), lbId);
      assert.deepEqual((await api().get(members(id))).body.members, []);
    });

    it('create: member PENDING_CREATE; pool, listener and load balancer PENDING_UPDATE; other member writes 409', async () => {
      const res = await api().post(members(poolId), { member: { address: '127.0.0.2', protocol_port: 80 } });
      assert.equal(res.status, 201, res.text);
      const id = res.body.member.id;
      assert.equal(res.body.member.provisioning_status, 'PENDING_CREATE');
      assert.equal(await status(`/v2/lbaas/pools/${poolId}`, 'pool'), 'PENDING_UPDATE');
      assert.equal(await status(`/v2/lbaas/listeners/${listenerId}`, 'listener'), 'PENDING_UPDATE');
      assert.equal(await status(`${LB}/${lbId}`, 'loadbalancer'), 'PENDING_UPDATE');

      assertFault(await api().post(members(poolId), { member: { address: '127.0.0.3', protocol_port: 80 } }), 409, poolImmutable(poolId));
      assertFault(await api().put(`${members(poolId)}/${memberId}`, { member: { weight: 5 } }), 409, poolImmutable(poolId));
      assertFault(await api().delete(`${members(poolId)}/${memberId}`), 409, poolImmutable(poolId));
      assertFault(await api().put(members(poolId), { members: [] }), 409, poolImmutable(poolId));

      await waitActive(api(), lbId);
      assert.equal(await status(`${members(poolId)}/${id}`, 'member'), 'ACTIVE');
      assert.equal(await status(`/v2/lbaas/pools/${poolId}`, 'pool'), 'ACTIVE');
      assert.equal(await status(`/v2/lbaas/listeners/${listenerId}`, 'listener'), 'ACTIVE');
      const kept = (await api().get(`${members(poolId)}/${memberId}`)).body.member;
      assert.equal(kept.weight, 1);
      assert.equal(kept.provisioning_status, 'ACTIVE');
    });

    it('an ACTIVE pool under a busy load balancer gets "Load Balancer ... is immutable" (409)', async () => {
      const res = await api().put(`${LB}/${lbId}`, { loadbalancer: { description: 'busy' } });
      assert.equal(res.status, 200, res.text);
      const lbImmutable = `Load Balancer ${lbId} is immutable and cannot be updated.`;
      assertFault(await api().post(members(poolId), { member: { address: '127.0.0.4', protocol_port: 80 } }), 409, lbImmutable);
      assertFault(await api().put(`${members(poolId)}/${memberId}`, { member: { weight: 5 } }), 409, lbImmutable);
      assertFault(await api().delete(`${members(poolId)}/${memberId}`), 409, lbImmutable);
      assertFault(await api().put(members(poolId), { members: [] }), 409, lbImmutable);
      assert.equal(await status(`/v2/lbaas/pools/${poolId}`, 'pool'), 'ACTIVE');
      await waitActive(api(), lbId);
    });

    it('update and delete: PENDING_UPDATE / PENDING_DELETE until done', async () => {
      const extra = await createMember(api(), lbId, poolId, { address: '127.0.0.5', protocol_port: 80 });
      const upd = await api().put(`${members(poolId)}/${memberId}`, { member: { weight: 7 } });
      assert.equal(upd.status, 200, upd.text);
      assert.equal(upd.body.member.provisioning_status, 'PENDING_UPDATE');
      assert.equal(await status(`/v2/lbaas/pools/${poolId}`, 'pool'), 'PENDING_UPDATE');
      await waitActive(api(), lbId);
      assert.equal(await status(`${members(poolId)}/${memberId}`, 'member'), 'ACTIVE');

      assert.equal((await api().delete(`${members(poolId)}/${extra.id}`)).status, 204);
      assert.equal(await status(`${members(poolId)}/${extra.id}`, 'member'), 'PENDING_DELETE');
      assert.equal(await status(`/v2/lbaas/pools/${poolId}`, 'pool'), 'PENDING_UPDATE');
      await waitActive(api(), lbId);
      assertFault(await api().get(`${members(poolId)}/${extra.id}`), 404, `Member ${extra.id} not found.`);
    });

    it('batch: new PENDING_CREATE, matched PENDING_UPDATE, removed PENDING_DELETE; all end ACTIVE or gone', async () => {
      const pool = await createPool(api(), lbId);
      const a = await createMember(api(), lbId, pool.id, { address: '127.0.0.1', protocol_port: 80 });
      const b = await createMember(api(), lbId, pool.id, { address: '127.0.0.2', protocol_port: 80 });
      const res = await api().put(members(pool.id), {
        members: [
          { address: '127.0.0.1', protocol_port: 80, weight: 2 },
          { address: '127.0.0.3', protocol_port: 80 },
        ],
      });
      assert.equal(res.status, 202, res.text);
      const during = new Map(
        ((await api().get(members(pool.id))).body.members as { id: string; address: string; provisioning_status: string }[]).map((m) => [
          m.address,
          m,
        ]),
      );
      assert.equal(during.get('127.0.0.1')?.provisioning_status, 'PENDING_UPDATE');
      assert.equal(during.get('127.0.0.2')?.provisioning_status, 'PENDING_DELETE');
      assert.equal(during.get('127.0.0.3')?.provisioning_status, 'PENDING_CREATE');
      assert.equal(await status(`/v2/lbaas/pools/${pool.id}`, 'pool'), 'PENDING_UPDATE');
      assert.equal(await status(`${LB}/${lbId}`, 'loadbalancer'), 'PENDING_UPDATE');

      await waitActive(api(), lbId);
      const after = (await api().get(members(pool.id))).body.members as { id: string; provisioning_status: string }[];
      assert.deepEqual(
        after.map((m) => m.provisioning_status),
        ['ACTIVE', 'ACTIVE'],
      );
      assert.ok(after.some((m) => m.id === a.id));
      assert.ok(!after.some((m) => m.id === b.id));
    });
  },
  { noop_provider: { completion_delay_ms: 1500 } },
);

// Health-monitor writes while operations are in flight (spec §5.2), and when members return to NO_MONITOR after a
// delete (§5.1). The noop provider holds operations for 1.5 s so the PENDING_* states can be observed.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import {
  assertFault,
  createHealthMonitor,
  createLb,
  createListener,
  createMember,
  createPool,
  LB,
  waitActive,
} from '../support/fixtures.js';
import { describeEachDatabase } from '../support/matrix.js';

const HMS = '/v2/lbaas/healthmonitors';
const hmBody = (poolId: string, type = 'HTTP') => ({ healthmonitor: { pool_id: poolId, type, delay: 5, timeout: 3, max_retries: 2 } });

describeEachDatabase(
  'health monitors: while the pool or load balancer is busy',
  (api) => {
    let lbId: string;
    let listenerId: string;

    before(async () => {
      lbId = (await createLb(api())).id;
      listenerId = (await createListener(api(), lbId, { protocol: 'HTTP', protocol_port: 80 })).id;
    });

    const status = async (path: string, key: string) => (await api().get(path)).body[key].provisioning_status;
    const poolImmutable = (id: string) => `Pool ${id} is immutable and cannot be updated.`;

    it('create: HM PENDING_CREATE; pool, listener, load balancer PENDING_UPDATE; HM writes on the pool 409', async () => {
      const pool = await createPool(api(), lbId, { listener_id: listenerId });
      const res = await api().post(HMS, hmBody(pool.id));
      assert.equal(res.status, 201, res.text);
      const id = res.body.healthmonitor.id;
      assert.equal(res.body.healthmonitor.provisioning_status, 'PENDING_CREATE');
      assert.equal(await status(`/v2/lbaas/pools/${pool.id}`, 'pool'), 'PENDING_UPDATE');
      assert.equal(await status(`/v2/lbaas/listeners/${listenerId}`, 'listener'), 'PENDING_UPDATE');
      assert.equal(await status(`${LB}/${lbId}`, 'loadbalancer'), 'PENDING_UPDATE');

      // the pool check comes before the duplicate check
      assertFault(await api().post(HMS, hmBody(pool.id, 'TCP')), 409, poolImmutable(pool.id));
      assertFault(await api().put(`${HMS}/${id}`, { healthmonitor: { delay: 9 } }), 409, poolImmutable(pool.id));
      assertFault(await api().delete(`${HMS}/${id}`), 409, poolImmutable(pool.id));

      await waitActive(api(), lbId);
      const shown = (await api().get(`${HMS}/${id}`)).body.healthmonitor;
      assert.equal(shown.provisioning_status, 'ACTIVE');
      assert.equal(shown.delay, 5);
      assert.equal(await status(`/v2/lbaas/pools/${pool.id}`, 'pool'), 'ACTIVE');
      assert.equal(await status(`/v2/lbaas/listeners/${listenerId}`, 'listener'), 'ACTIVE');
    });

    it('a pool still PENDING_CREATE takes no monitor (409)', async () => {
      const res = await api().post('/v2/lbaas/pools', { pool: { loadbalancer_id: lbId, protocol: 'TCP', lb_algorithm: 'ROUND_ROBIN' } });
      assert.equal(res.status, 201, res.text);
      assertFault(await api().post(HMS, hmBody(res.body.pool.id, 'TCP')), 409, poolImmutable(res.body.pool.id));
      await waitActive(api(), lbId);
      assert.ok(!('healthmonitor_id' in (await api().get(`/v2/lbaas/pools/${res.body.pool.id}`)).body.pool));
    });

    it('an ACTIVE pool under a busy load balancer gets "Load Balancer ... is immutable" (409)', async () => {
      const pool = await createPool(api(), lbId);
      const hm = await createHealthMonitor(api(), lbId, pool.id, { type: 'TCP' });
      const other = await createPool(api(), lbId);
      assert.equal((await api().put(`${LB}/${lbId}`, { loadbalancer: { name: 'busy' } })).status, 200);
      const lbImmutable = `Load Balancer ${lbId} is immutable and cannot be updated.`;
      assertFault(await api().post(HMS, hmBody(other.id)), 409, lbImmutable);
      assertFault(await api().put(`${HMS}/${hm.id}`, { healthmonitor: { delay: 9 } }), 409, lbImmutable);
      assertFault(await api().delete(`${HMS}/${hm.id}`), 409, lbImmutable);
      await waitActive(api(), lbId);
      assert.equal((await api().get(`${HMS}/${hm.id}`)).body.healthmonitor.delay, 5);
    });

    it('update: PENDING_UPDATE until done', async () => {
      const pool = await createPool(api(), lbId);
      const hm = await createHealthMonitor(api(), lbId, pool.id);
      const res = await api().put(`${HMS}/${hm.id}`, { healthmonitor: { delay: 8 } });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.body.healthmonitor.provisioning_status, 'PENDING_UPDATE');
      assert.equal(await status(`/v2/lbaas/pools/${pool.id}`, 'pool'), 'PENDING_UPDATE');
      await waitActive(api(), lbId);
      assert.equal(await status(`${HMS}/${hm.id}`, 'healthmonitor'), 'ACTIVE');
    });

    it('delete: PENDING_DELETE, members keep their status until it completes, then NO_MONITOR', async () => {
      const pool = await createPool(api(), lbId);
      const hm = await createHealthMonitor(api(), lbId, pool.id, { type: 'TCP' });
      const m = await createMember(api(), lbId, pool.id);
      const memberPath = `/v2/lbaas/pools/${pool.id}/members/${m.id}`;
      assert.equal((await api().get(memberPath)).body.member.operating_status, 'ONLINE');

      assert.equal((await api().delete(`${HMS}/${hm.id}`)).status, 204);
      assert.equal(await status(`${HMS}/${hm.id}`, 'healthmonitor'), 'PENDING_DELETE');
      assert.equal(await status(`/v2/lbaas/pools/${pool.id}`, 'pool'), 'PENDING_UPDATE');
      assert.equal((await api().get(memberPath)).body.member.operating_status, 'ONLINE');

      await waitActive(api(), lbId);
      assertFault(await api().get(`${HMS}/${hm.id}`), 404, `Health Monitor ${hm.id} not found.`);
      const member = (await api().get(memberPath)).body.member;
      assert.equal(member.operating_status, 'NO_MONITOR');
      assert.equal(member.provisioning_status, 'ACTIVE');
    });
  },
  { noop_provider: { completion_delay_ms: 1500 } },
);

// Pool writes while operations are in flight: statuses the API sets and 409s on a locked load balancer (spec §5.2).
// The noop provider holds every operation for 1.5 s so the PENDING_* states can be observed.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { assertFault, createLb, createListener, createPool, LB, waitActive } from '../support/fixtures.js';
import { describeEachDatabase } from '../support/matrix.js';

const POOLS = '/v2/lbaas/pools';

describeEachDatabase(
  'pools: while the load balancer is busy',
  (api) => {
    let lbId: string;
    let listenerId: string;
    let poolId: string;

    before(async () => {
      lbId = (await createLb(api())).id;
      listenerId = (await createListener(api(), lbId, { protocol: 'HTTP', protocol_port: 80 })).id;
      poolId = (await createPool(api(), lbId, { listener_id: listenerId })).id;
    });

    const status = async (path: string, key: string) => (await api().get(path)).body[key].provisioning_status;
    const lbStatus = () => status(`${LB}/${lbId}`, 'loadbalancer');
    const immutableLb = () => `Load Balancer ${lbId} is immutable and cannot be updated.`;

    it('create: pool PENDING_CREATE, load balancer PENDING_UPDATE; other pool writes get 409', async () => {
      const res = await api().post(POOLS, { pool: { loadbalancer_id: lbId, protocol: 'TCP', lb_algorithm: 'ROUND_ROBIN' } });
      assert.equal(res.status, 201, res.text);
      const id = res.body.pool.id;
      assert.equal(res.body.pool.provisioning_status, 'PENDING_CREATE');
      assert.equal(await lbStatus(), 'PENDING_UPDATE');
      assert.equal(await status(`${POOLS}/${id}`, 'pool'), 'PENDING_CREATE');

      assertFault(
        await api().post(POOLS, { pool: { loadbalancer_id: lbId, protocol: 'HTTP', lb_algorithm: 'ROUND_ROBIN' } }),
        409,
        immutableLb(),
      );
      assertFault(await api().put(`${POOLS}/${poolId}`, { pool: { name: 'x' } }), 409, immutableLb());
      assertFault(await api().delete(`${POOLS}/${poolId}`), 409, immutableLb());
      assertFault(await api().put(`${POOLS}/${id}`, { pool: { name: 'x' } }), 409, immutableLb());

      await waitActive(api(), lbId);
      assert.equal(await status(`${POOLS}/${id}`, 'pool'), 'ACTIVE');
      assert.equal(await status(`${POOLS}/${poolId}`, 'pool'), 'ACTIVE');
      assert.equal((await api().get(`${POOLS}/${poolId}`)).body.pool.name, '');
    });

    it('create with listener_id also locks the listener', async () => {
      const listener = await createListener(api(), lbId, { protocol: 'TCP', protocol_port: 81 });
      const res = await api().post(POOLS, { pool: { listener_id: listener.id, protocol: 'TCP', lb_algorithm: 'ROUND_ROBIN' } });
      assert.equal(res.status, 201, res.text);
      assert.equal(await status(`/v2/lbaas/listeners/${listener.id}`, 'listener'), 'PENDING_UPDATE');
      assert.equal(await lbStatus(), 'PENDING_UPDATE');
      await waitActive(api(), lbId);
      assert.equal(await status(`/v2/lbaas/listeners/${listener.id}`, 'listener'), 'ACTIVE');
    });

    it('update: pool, its listener and the load balancer PENDING_UPDATE until done', async () => {
      const res = await api().put(`${POOLS}/${poolId}`, { pool: { name: 'renamed' } });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.body.pool.provisioning_status, 'PENDING_UPDATE');
      assert.equal(res.body.pool.name, 'renamed');
      assert.equal(await status(`/v2/lbaas/listeners/${listenerId}`, 'listener'), 'PENDING_UPDATE');
      assert.equal(await lbStatus(), 'PENDING_UPDATE');
      assertFault(await api().put(`${POOLS}/${poolId}`, { pool: { name: 'again' } }), 409, immutableLb());
      await waitActive(api(), lbId);
      assert.equal(await status(`${POOLS}/${poolId}`, 'pool'), 'ACTIVE');
      assert.equal(await status(`/v2/lbaas/listeners/${listenerId}`, 'listener'), 'ACTIVE');
      assert.equal((await api().get(`${POOLS}/${poolId}`)).body.pool.name, 'renamed');
    });

    it('a load balancer update blocks pool writes too', async () => {
      const res = await api().put(`${LB}/${lbId}`, { loadbalancer: { name: 'busy' } });
      assert.equal(res.status, 200, res.text);
      assertFault(await api().put(`${POOLS}/${poolId}`, { pool: { name: 'x' } }), 409, immutableLb());
      assertFault(
        await api().post(POOLS, { pool: { loadbalancer_id: lbId, protocol: 'HTTP', lb_algorithm: 'ROUND_ROBIN' } }),
        409,
        immutableLb(),
      );
      await waitActive(api(), lbId);
    });

    it('delete: PENDING_DELETE until done, then 404', async () => {
      const pool = await createPool(api(), lbId);
      const res = await api().delete(`${POOLS}/${pool.id}`);
      assert.equal(res.status, 204, res.text);
      assert.equal(await status(`${POOLS}/${pool.id}`, 'pool'), 'PENDING_DELETE');
      assert.equal(await lbStatus(), 'PENDING_UPDATE');
      assertFault(await api().delete(`${POOLS}/${pool.id}`), 409, immutableLb());
      await waitActive(api(), lbId);
      assertFault(await api().get(`${POOLS}/${pool.id}`), 404, `Pool ${pool.id} not found.`);
    });
  },
  { noop_provider: { completion_delay_ms: 1500 } },
);

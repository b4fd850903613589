// The 409 rules while a load balancer is PENDING_*: the noop provider is slowed down so the pending window is
// long enough to probe deterministically.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeEachDatabase } from '../support/matrix.js';
import { assertFault, LB, VIP_SUBNET, waitActive } from '../support/fixtures.js';

const LISTENERS = '/v2/lbaas/listeners';
const immutable = (id: string) => `Load Balancer ${id} is immutable and cannot be updated.`;
const invalidState = (state: string, id: string) => `Invalid state ${state} of loadbalancer resource ${id}`;

describeEachDatabase(
  'load balancer pending states',
  (api) => {
    it('refuses every write while the load balancer is PENDING_CREATE', async () => {
      const res = await api().post(LB, { loadbalancer: { vip_subnet_id: VIP_SUBNET } });
      assert.equal(res.status, 201, res.text);
      const id = res.body.loadbalancer.id;
      assertFault(await api().put(`${LB}/${id}`, { loadbalancer: { name: 'x' } }), 409, invalidState('PENDING_CREATE', id));
      assertFault(await api().delete(`${LB}/${id}`), 409, invalidState('PENDING_CREATE', id));
      assertFault(await api().delete(`${LB}/${id}?cascade=true`), 409, invalidState('PENDING_CREATE', id));
      assertFault(await api().put(`${LB}/${id}/failover`), 409, invalidState('PENDING_CREATE', id));
      assertFault(
        await api().post(LISTENERS, { listener: { loadbalancer_id: id, protocol: 'HTTP', protocol_port: 80 } }),
        409,
        immutable(id),
      );
      // nothing above changed the status or the name
      const shown = await api().get(`${LB}/${id}`);
      assert.equal(shown.body.loadbalancer.provisioning_status, 'PENDING_CREATE');
      assert.equal(shown.body.loadbalancer.name, '');
      const active = await waitActive(api(), id);
      assert.deepEqual(active.listeners, []);
    });

    it('locks the load balancer and the listener while a listener is created, updated and deleted', async () => {
      const created = await api().post(LB, { loadbalancer: { vip_subnet_id: VIP_SUBNET } });
      const id = created.body.loadbalancer.id;
      await waitActive(api(), id);

      const lres = await api().post(LISTENERS, { listener: { loadbalancer_id: id, protocol: 'HTTP', protocol_port: 80 } });
      assert.equal(lres.status, 201, lres.text);
      const listenerId = lres.body.listener.id;
      assert.equal(lres.body.listener.provisioning_status, 'PENDING_CREATE');
      assert.equal(lres.body.listener.operating_status, 'OFFLINE');
      assert.equal((await api().get(`${LB}/${id}`)).body.loadbalancer.provisioning_status, 'PENDING_UPDATE');

      assertFault(await api().put(`${LB}/${id}`, { loadbalancer: { name: 'x' } }), 409, invalidState('PENDING_UPDATE', id));
      assertFault(await api().delete(`${LB}/${id}?cascade=true`), 409, invalidState('PENDING_UPDATE', id));
      // the children check comes before the status check
      assertFault(await api().delete(`${LB}/${id}`), 400, `Validation failure: Cannot delete Load Balancer ${id} - it has children`);
      assertFault(await api().put(`${LISTENERS}/${listenerId}`, { listener: { name: 'x' } }), 409, immutable(id));
      assertFault(await api().delete(`${LISTENERS}/${listenerId}`), 409, immutable(id));
      assertFault(
        await api().post(LISTENERS, { listener: { loadbalancer_id: id, protocol: 'TCP', protocol_port: 81 } }),
        409,
        immutable(id),
      );
      // body validation still answers 400 first
      assertFault(
        await api().put(`${LISTENERS}/${listenerId}`, { listener: { connection_limit: -5 } }),
        400,
        "Invalid input for field/attribute connection_limit. Value: '-5'. Value should be greater or equal to -1",
      );
      await waitActive(api(), id);
      const listener = (await api().get(`${LISTENERS}/${listenerId}`)).body.listener;
      assert.equal(listener.provisioning_status, 'ACTIVE');
      assert.equal(listener.name, '');

      const upd = await api().put(`${LISTENERS}/${listenerId}`, { listener: { name: 'renamed' } });
      assert.equal(upd.status, 200, upd.text);
      assert.equal(upd.body.listener.provisioning_status, 'PENDING_UPDATE');
      assert.equal(upd.body.listener.name, 'renamed');
      assert.equal((await api().get(`${LB}/${id}`)).body.loadbalancer.provisioning_status, 'PENDING_UPDATE');
      assertFault(await api().put(`${LISTENERS}/${listenerId}`, { listener: { name: 'again' } }), 409, immutable(id));
      await waitActive(api(), id);
      assert.equal((await api().get(`${LISTENERS}/${listenerId}`)).body.listener.provisioning_status, 'ACTIVE');

      const del = await api().delete(`${LISTENERS}/${listenerId}`);
      assert.equal(del.status, 204, del.text);
      assert.equal(del.text, '');
      const deleting = await api().get(`${LISTENERS}/${listenerId}`);
      assert.equal(deleting.body.listener.provisioning_status, 'PENDING_DELETE');
      assertFault(await api().delete(`${LISTENERS}/${listenerId}`), 409, immutable(id));
      await waitActive(api(), id);
      assertFault(await api().get(`${LISTENERS}/${listenerId}`), 404, `Listener ${listenerId} not found.`);
    });

    it('holds PENDING_UPDATE during a load balancer update and PENDING_DELETE during its delete', async () => {
      const created = await api().post(LB, { loadbalancer: { vip_subnet_id: VIP_SUBNET } });
      const id = created.body.loadbalancer.id;
      await waitActive(api(), id);

      assert.equal((await api().put(`${LB}/${id}`, { loadbalancer: { name: 'one' } })).status, 200);
      assertFault(await api().put(`${LB}/${id}`, { loadbalancer: { name: 'two' } }), 409, invalidState('PENDING_UPDATE', id));
      assertFault(await api().delete(`${LB}/${id}`), 409, invalidState('PENDING_UPDATE', id));
      assert.equal((await waitActive(api(), id)).name, 'one');

      assert.equal((await api().delete(`${LB}/${id}`)).status, 204);
      const deleting = await api().get(`${LB}/${id}`);
      assert.equal(deleting.status, 200);
      assert.equal(deleting.body.loadbalancer.provisioning_status, 'PENDING_DELETE');
      assertFault(await api().put(`${LB}/${id}`, { loadbalancer: { name: 'three' } }), 409, invalidState('PENDING_DELETE', id));
      assertFault(await api().delete(`${LB}/${id}`), 409, invalidState('PENDING_DELETE', id));
      assertFault(
        await api().post(LISTENERS, { listener: { loadbalancer_id: id, protocol: 'HTTP', protocol_port: 80 } }),
        409,
        immutable(id),
      );
      await api().waitFor(`${LB}?id=${id}`, (b) => b.loadbalancers.length === 0);
      assertFault(await api().get(`${LB}/${id}`), 404, `Load Balancer ${id} not found.`);
    });
  },
  { noop_provider: { completion_delay_ms: 1500 } },
);

// lb_algorithm with provider amphora: SOURCE_IP_PORT is an extension over Octavia (whose amphora driver answers 501)
// for the pools HAProxy serves; UDP/SCTP pools (LVS, not run by our amphorae) keep Octavia's 501. The controller
// worker runs with noop compute and amphora drivers, so each change goes back to ACTIVE.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startApi, type TestApi } from '../support/api-harness.js';
import { testDialects } from '../support/databases.js';
import { assertFault, createLb, createPool, LB, VIP_SUBNET, waitActive } from '../support/fixtures.js';

const POOLS = '/v2/lbaas/pools';
const REFUSED = "Provider 'amphora' does not support a requested option: Amphora provider does not support SOURCE_IP_PORT algorithm.";

for (const dialect of testDialects()) {
  describe(`pools: lb_algorithm on provider amphora [${dialect}]`, () => {
    let api: TestApi;
    let lbId: string;

    before(async () => {
      api = await startApi(dialect, { api_settings: { default_provider_driver: 'amphora' } }, { worker: true });
      lbId = (await createLb(api)).id;
    });
    after(async () => api?.close());

    const algorithmOf = async (poolId: string): Promise<string> => {
      const res = await api.get(`${POOLS}/${poolId}`);
      assert.equal(res.status, 200, res.text);
      return res.body.pool.lb_algorithm;
    };

    it('creates SOURCE_IP_PORT pools of every HAProxy protocol (201, then ACTIVE)', async () => {
      for (const protocol of ['HTTP', 'HTTPS', 'TCP', 'PROXY', 'PROXYV2']) {
        const res = await api.post(POOLS, { pool: { loadbalancer_id: lbId, protocol, lb_algorithm: 'SOURCE_IP_PORT' } });
        assert.equal(res.status, 201, `${protocol}: ${res.text}`);
        assert.equal(res.body.pool.lb_algorithm, 'SOURCE_IP_PORT');
        await waitActive(api, lbId);
        const shown = await api.get(`${POOLS}/${res.body.pool.id}`);
        assert.equal(shown.body.pool.provisioning_status, 'ACTIVE', protocol);
        assert.equal(shown.body.pool.lb_algorithm, 'SOURCE_IP_PORT', protocol);
      }
    });

    it('takes session persistence with SOURCE_IP_PORT (persistence decides for known clients)', async () => {
      for (const [protocol, type] of [
        ['TCP', 'SOURCE_IP'],
        ['HTTP', 'HTTP_COOKIE'],
      ] as const) {
        const pool = await createPool(api, lbId, { protocol, lb_algorithm: 'SOURCE_IP_PORT', session_persistence: { type } });
        assert.equal(pool.session_persistence.type, type);
        assert.equal(await algorithmOf(pool.id), 'SOURCE_IP_PORT');
      }
    });

    it('keeps the 501 for UDP and SCTP pools, which LVS would serve', async () => {
      for (const protocol of ['UDP', 'SCTP']) {
        const res = await api.post(POOLS, { pool: { loadbalancer_id: lbId, protocol, lb_algorithm: 'SOURCE_IP_PORT' } });
        assertFault(res, 501, REFUSED);
      }
      const lb = (await api.get(`${LB}/${lbId}`)).body.loadbalancer;
      assert.equal(lb.provisioning_status, 'ACTIVE');
    });

    it('updates a pool to SOURCE_IP_PORT and back', async () => {
      const pool = await createPool(api, lbId, { protocol: 'TCP', lb_algorithm: 'ROUND_ROBIN' });
      const to = await api.put(`${POOLS}/${pool.id}`, { pool: { lb_algorithm: 'SOURCE_IP_PORT' } });
      assert.equal(to.status, 200, to.text);
      await waitActive(api, lbId);
      assert.equal(await algorithmOf(pool.id), 'SOURCE_IP_PORT');
      const back = await api.put(`${POOLS}/${pool.id}`, { pool: { lb_algorithm: 'SOURCE_IP' } });
      assert.equal(back.status, 200, back.text);
      await waitActive(api, lbId);
      assert.equal(await algorithmOf(pool.id), 'SOURCE_IP');
    });

    it('refuses updating a UDP pool to SOURCE_IP_PORT and leaves it as it was', async () => {
      const pool = await createPool(api, lbId, { protocol: 'UDP', lb_algorithm: 'ROUND_ROBIN' });
      assertFault(await api.put(`${POOLS}/${pool.id}`, { pool: { lb_algorithm: 'SOURCE_IP_PORT' } }), 501, REFUSED);
      assert.equal(await algorithmOf(pool.id), 'ROUND_ROBIN');
    });

    it('creates a load balancer graph whose default pool is SOURCE_IP_PORT', async () => {
      const res = await api.post(LB, {
        loadbalancer: {
          vip_subnet_id: VIP_SUBNET,
          listeners: [
            {
              protocol: 'HTTP',
              protocol_port: 8080,
              default_pool: {
                name: 'web',
                protocol: 'HTTP',
                lb_algorithm: 'SOURCE_IP_PORT',
                members: [{ address: '127.0.0.1', protocol_port: 8081 }],
              },
            },
          ],
        },
      });
      assert.equal(res.status, 201, res.text);
      await waitActive(api, res.body.loadbalancer.id);
      assert.equal(await algorithmOf(res.body.loadbalancer.pools[0].id), 'SOURCE_IP_PORT');
      const udp = await api.post(LB, {
        loadbalancer: {
          vip_subnet_id: VIP_SUBNET,
          listeners: [
            { protocol: 'UDP', protocol_port: 5353, default_pool: { name: 'dns', protocol: 'UDP', lb_algorithm: 'SOURCE_IP_PORT' } },
          ],
        },
      });
      assertFault(udp, 501, REFUSED);
    });
  });
}

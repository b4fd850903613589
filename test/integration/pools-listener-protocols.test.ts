// Pool protocol vs. the protocol of the listener it is created for (spec §7.1).
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { assertFault, createLb, createListener, waitActive } from '../support/fixtures.js';
import { describeEachDatabase } from '../support/matrix.js';

const POOLS = '/v2/lbaas/pools';
const POOL_PROTOCOLS = ['TCP', 'HTTP', 'HTTPS', 'PROXY', 'PROXYV2', 'UDP', 'SCTP'];

// TERMINATED_HTTPS needs a certificate container and is left to the listener suites.
const ALLOWED: Record<string, string[]> = {
  TCP: ['HTTP', 'HTTPS', 'PROXY', 'PROXYV2', 'TCP'],
  HTTP: ['HTTP', 'PROXY', 'PROXYV2'],
  HTTPS: ['HTTPS', 'PROXY', 'PROXYV2', 'TCP'],
  UDP: ['UDP'],
  SCTP: ['SCTP'],
};

describeEachDatabase('pools: listener protocol compatibility', (api) => {
  let lbId: string;
  let nextPort = 9000;

  before(async () => {
    lbId = (await createLb(api())).id;
  });

  const listenerFor = (protocol: string) => createListener(api(), lbId, { protocol, protocol_port: nextPort++ });
  const poolOn = (listenerId: string, protocol: string) =>
    api().post(POOLS, { pool: { listener_id: listenerId, protocol, lb_algorithm: 'ROUND_ROBIN' } });

  for (const [listenerProtocol, allowed] of Object.entries(ALLOWED)) {
    it(`a ${listenerProtocol} listener refuses the other pool protocols with 400`, async () => {
      const listener = await listenerFor(listenerProtocol);
      for (const poolProtocol of POOL_PROTOCOLS.filter((p) => !allowed.includes(p))) {
        assertFault(
          await poolOn(listener.id, poolProtocol),
          400,
          `Validation failure: The pool protocol '${poolProtocol}' is invalid while the listener protocol is '${listenerProtocol}'.`,
        );
      }
      const shown = (await api().get(`/v2/lbaas/listeners/${listener.id}`)).body.listener;
      assert.equal(shown.default_pool_id, null);
      assert.equal(shown.provisioning_status, 'ACTIVE');
    });

    it(`a ${listenerProtocol} listener takes ${allowed.join(', ')} pools`, async () => {
      for (const poolProtocol of allowed) {
        const listener = await listenerFor(listenerProtocol);
        const res = await poolOn(listener.id, poolProtocol);
        assert.equal(res.status, 201, `${listenerProtocol} → ${poolProtocol}: ${res.text}`);
        assert.equal(res.body.pool.protocol, poolProtocol);
        assert.deepEqual(res.body.pool.listeners, [{ id: listener.id }]);
        await waitActive(api(), lbId);
      }
    });
  }

  it('a PROMETHEUS listener takes no pool at all', async () => {
    const listener = await listenerFor('PROMETHEUS');
    for (const poolProtocol of ['HTTP', 'TCP']) {
      assertFault(await poolOn(listener.id, poolProtocol), 400, 'Protocol PROMETHEUS listeners cannot have child objects.');
    }
  });
});

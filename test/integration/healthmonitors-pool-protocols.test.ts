// Health-monitor type vs. the protocol of its pool (spec §7.3), and the UDP-CONNECT minimum delay.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { assertFault, createLb, createPool, waitActive } from '../support/fixtures.js';
import { describeEachDatabase } from '../support/matrix.js';

const HMS = '/v2/lbaas/healthmonitors';
const TYPES = ['HTTP', 'HTTPS', 'PING', 'TCP', 'TLS-HELLO', 'UDP-CONNECT', 'SCTP'];
const TCP_FAMILY_TYPES = ['HTTP', 'HTTPS', 'PING', 'TCP', 'TLS-HELLO'];
const LVS_TYPES = ['UDP-CONNECT', 'SCTP', 'TCP', 'HTTP'];

describeEachDatabase('health monitors: type by pool protocol', (api) => {
  let lbId: string;

  before(async () => {
    lbId = (await createLb(api())).id;
  });

  const post = (poolId: string, type: string, extra: Record<string, unknown> = {}) =>
    api().post(HMS, { healthmonitor: { pool_id: poolId, type, delay: 5, timeout: 3, max_retries: 2, ...extra } });

  /** Creates the monitor, checks it, and deletes it again so the pool can take the next one. */
  async function accepted(poolId: string, type: string): Promise<void> {
    const res = await post(poolId, type);
    assert.equal(res.status, 201, `${type}: ${res.text}`);
    assert.equal(res.body.healthmonitor.type, type);
    await waitActive(api(), lbId);
    const del = await api().delete(`${HMS}/${res.body.healthmonitor.id}`);
    assert.equal(del.status, 204, del.text);
    await waitActive(api(), lbId);
  }

  for (const protocol of ['TCP', 'HTTP', 'HTTPS', 'PROXY', 'PROXYV2']) {
    it(`a ${protocol} pool takes ${TCP_FAMILY_TYPES.join(', ')} and refuses UDP-CONNECT and SCTP`, async () => {
      const pool = await createPool(api(), lbId, { protocol });
      for (const type of ['UDP-CONNECT', 'SCTP']) {
        assertFault(await post(pool.id, type), 400, `Validation failure: The ${type} type is only supported for pools of type UDP/SCTP.`);
      }
      for (const type of TCP_FAMILY_TYPES) await accepted(pool.id, type);
    });
  }

  for (const protocol of ['UDP', 'SCTP']) {
    it(`a ${protocol} pool takes ${LVS_TYPES.join(', ')} only`, async () => {
      const pool = await createPool(api(), lbId, { protocol });
      for (const type of TYPES.filter((t) => !LVS_TYPES.includes(t))) {
        assertFault(
          await post(pool.id, type),
          400,
          `Validation failure: The associated pool protocol is ${protocol}, so only a UDP-CONNECT/SCTP/TCP/HTTP health monitor is ` +
            `supported.`,
        );
      }
      for (const type of LVS_TYPES) await accepted(pool.id, type);
    });
  }

  it('needs a UDP-CONNECT delay of at least udp_connect_min_interval_health_monitor, on POST and PUT', async () => {
    const pool = await createPool(api(), lbId, { protocol: 'UDP' });
    assertFault(
      await post(pool.id, 'UDP-CONNECT', { delay: 2 }),
      400,
      'Validation failure: The request delay value 2 should be larger than 3 for UDP-CONNECT health monitor type.',
    );
    const res = await post(pool.id, 'UDP-CONNECT', { delay: 3 });
    assert.equal(res.status, 201, res.text);
    await waitActive(api(), lbId);
    const id = res.body.healthmonitor.id;
    assertFault(
      await api().put(`${HMS}/${id}`, { healthmonitor: { delay: 1 } }),
      400,
      'Validation failure: The request delay value 1 should be larger than 3 for UDP-CONNECT health monitor type.',
    );
    assert.equal((await api().get(`${HMS}/${id}`)).body.healthmonitor.delay, 3);
  });
});

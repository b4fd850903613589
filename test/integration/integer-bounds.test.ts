// Every integer the API accepts is held to Octavia's range, or to the 32-bit INTEGER column's where Octavia has none,
// so no value reaches a database that cannot store it (PostgreSQL and MariaDB answered 500 with the driver's text).
// Conversion is WSME's: Python's int() of the JSON value, exact at any size.
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
  VIP_SUBNET,
  waitActive,
} from '../support/fixtures.js';
import { describeEachDatabase } from '../support/matrix.js';

const HMS = '/v2/lbaas/healthmonitors';
const LISTENERS = '/v2/lbaas/listeners';
const POOLS = '/v2/lbaas/pools';
const INT_MAX = 2147483647;
const above = (field: string, value: string | number, max = INT_MAX) =>
  `Invalid input for field/attribute ${field}. Value: '${value}'. Value should be lower or equal to ${max}`;
const below = (field: string, value: string | number, min: number) =>
  `Invalid input for field/attribute ${field}. Value: '${value}'. Value should be greater or equal to ${min}`;

describeEachDatabase('integer bounds', (api) => {
  let lbId: string;
  let listenerId: string;
  let poolId: string;
  let udpPoolId: string;
  let memberId: string;
  let hmId: string;

  before(async () => {
    lbId = (await createLb(api())).id;
    listenerId = (await createListener(api(), lbId)).id;
    poolId = (await createPool(api(), lbId)).id;
    memberId = (await createMember(api(), lbId, poolId)).id;
    hmId = (await createHealthMonitor(api(), lbId, poolId)).id;
    udpPoolId = (await createPool(api(), lbId, { protocol: 'UDP' })).id;
  });

  const postHm = (hm: Record<string, unknown>, pool = udpPoolId) =>
    api().post(HMS, { healthmonitor: { pool_id: pool, type: 'UDP-CONNECT', delay: 5, timeout: 3, max_retries: 2, ...hm } });
  const assertUnchanged = async () => {
    assert.equal((await api().get(`${LB}/${lbId}`)).body.loadbalancer.provisioning_status, 'ACTIVE');
  };

  it('health monitor delay and timeout: Octavia sets only a minimum, the column sets the maximum', async () => {
    assertFault(await postHm({ delay: INT_MAX + 1 }), 400, above('delay', INT_MAX + 1));
    assertFault(await postHm({ timeout: 2 ** 40 }), 400, above('timeout', 2 ** 40));
    assertFault(
      await api().put(`${HMS}/${hmId}`, { healthmonitor: { delay: '99999999999999999999' } }),
      400,
      above('delay', '99999999999999999999'),
    );
    assertFault(await api().put(`${HMS}/${hmId}`, { healthmonitor: { timeout: 2 ** 64 } }), 400, above('timeout', '18446744073709551616'));
    await assertUnchanged();
    // the largest value is stored and read back on every database
    const put = await api().put(`${HMS}/${hmId}`, { healthmonitor: { delay: INT_MAX, timeout: INT_MAX } });
    assert.equal(put.status, 200, put.text);
    await waitActive(api(), lbId);
    const shown = (await api().get(`${HMS}/${hmId}`)).body.healthmonitor;
    assert.equal(shown.delay, INT_MAX);
    assert.equal(shown.timeout, INT_MAX);
  });

  it('listener connection_limit: minimum -1 from Octavia, maximum from the column', async () => {
    const post = await api().post(LISTENERS, {
      listener: { loadbalancer_id: lbId, protocol: 'TCP', protocol_port: 81, connection_limit: 2 ** 33 },
    });
    assertFault(post, 400, above('connection_limit', 2 ** 33));
    assertFault(
      await api().put(`${LISTENERS}/${listenerId}`, { listener: { connection_limit: INT_MAX + 1 } }),
      400,
      above('connection_limit', INT_MAX + 1),
    );
    await assertUnchanged();
    const put = await api().put(`${LISTENERS}/${listenerId}`, { listener: { connection_limit: INT_MAX } });
    assert.equal(put.status, 200, put.text);
    await waitActive(api(), lbId);
    assert.equal((await api().get(`${LISTENERS}/${listenerId}`)).body.listener.connection_limit, INT_MAX);
  });

  it('session persistence_timeout: no Octavia range, so the column range both ways', async () => {
    const put = (persistence_timeout: unknown) =>
      api().put(`${POOLS}/${udpPoolId}`, { pool: { session_persistence: { type: 'SOURCE_IP', persistence_timeout } } });
    assertFault(await put(INT_MAX + 1), 400, above('persistence_timeout', INT_MAX + 1));
    assertFault(await put(-(2 ** 31) - 1), 400, below('persistence_timeout', -(2 ** 31) - 1, -(2 ** 31)));
    const post = await api().post(POOLS, {
      pool: {
        loadbalancer_id: lbId,
        protocol: 'UDP',
        lb_algorithm: 'ROUND_ROBIN',
        session_persistence: { type: 'SOURCE_IP', persistence_timeout: 2 ** 35 },
      },
    });
    assertFault(post, 400, above('persistence_timeout', 2 ** 35));
    await assertUnchanged();
    const ok = await put(INT_MAX);
    assert.equal(ok.status, 200, ok.text);
    await waitActive(api(), lbId);
    assert.equal((await api().get(`${POOLS}/${udpPoolId}`)).body.pool.session_persistence.persistence_timeout, INT_MAX);
  });

  it("ports, weights and positions keep Octavia's ranges and show huge values in exact digits", async () => {
    const members = `${POOLS}/${poolId}/members`;
    assertFault(
      await api().post(members, { member: { address: '127.0.0.9', protocol_port: '99999999999999999999' } }),
      400,
      above('protocol_port', '99999999999999999999', 65535),
    );
    assertFault(await api().put(`${members}/${memberId}`, { member: { weight: 2 ** 53 } }), 400, above('weight', '9007199254740992', 256));
    assertFault(
      await api().put(`${members}/${memberId}`, { member: { monitor_port: '-99999999999999999999' } }),
      400,
      below('monitor_port', '-99999999999999999999', 1),
    );
    const policy = await api().post('/v2/lbaas/l7policies', { l7policy: { listener_id: listenerId, action: 'REJECT', position: 2 ** 40 } });
    assertFault(policy, 400, above('position', 2 ** 40));
    await assertUnchanged();
  });

  it("quota values: Octavia's -1 .. 2000000000", async () => {
    const put = (quota: Record<string, unknown>) => api().put('/v2/lbaas/quotas/bounds-project', { quota });
    assertFault(await put({ l7rule: '99999999999999999999' }), 400, above('l7rule', '99999999999999999999', 2000000000));
    assertFault(await put({ member: 2 ** 31 }), 400, above('member', 2 ** 31, 2000000000));
    assertFault(await put({ pool: -2 }), 400, below('pool', -2, -1));
    const ok = await put({ pool: 2000000000, listener: '-1' });
    assert.equal(ok.status, 202, ok.text);
    assert.equal(ok.body.quota.pool, 2000000000);
    assert.equal(ok.body.quota.listener, -1);
  });

  it('a graph create checks the integers of every nested object before anything is written', async () => {
    const graph = (hm: Record<string, unknown>) => ({
      loadbalancer: {
        vip_subnet_id: VIP_SUBNET,
        name: 'bounds-graph',
        listeners: [
          {
            protocol: 'HTTP',
            protocol_port: 80,
            connection_limit: 100,
            default_pool: {
              name: 'p',
              protocol: 'HTTP',
              lb_algorithm: 'ROUND_ROBIN',
              healthmonitor: { type: 'HTTP', delay: 5, timeout: 3, max_retries: 2, ...hm },
            },
          },
        ],
      },
    });
    assertFault(await api().post(LB, graph({ delay: INT_MAX + 1 })), 400, above('delay', INT_MAX + 1));
    assertFault(await api().post(LB, graph({ timeout: '4294967296' })), 400, above('timeout', '4294967296'));
    assert.deepEqual((await api().get(`${LB}?name=bounds-graph`)).body.loadbalancers, []);
  });

  it("JSON numbers Python's int() takes: floats truncate, booleans are 0/1, -0 is 0, big literals stay exact", async () => {
    const raw = (delay: string) =>
      api().request(
        'POST',
        HMS,
        `{"healthmonitor": {"pool_id": "${udpPoolId}", "type": "UDP-CONNECT", "delay": ${delay}, "timeout": 3, "max_retries": 2}}`,
      );
    assertFault(await raw('18446744073709551616'), 400, above('delay', '18446744073709551616'));
    assertFault(await raw('1e300'), 400, above('delay', BigInt(1e300).toString()));
    assertFault(
      await raw('1e400'),
      400,
      `Invalid input for field/attribute health_monitor_. Value: '{'healthmonitor': {'pool_id': '${udpPoolId}', 'type': ` +
        `'UDP-CONNECT', 'delay': inf, 'timeout': 3, 'max_retries': 2}}'. cannot convert float infinity to integer`,
    );
    assertFault(
      await raw('"1.5"'),
      400,
      `Invalid input for field/attribute health_monitor_. Value: '{'healthmonitor': {'pool_id': '${udpPoolId}', 'type': ` +
        `'UDP-CONNECT', 'delay': '1.5', 'timeout': 3, 'max_retries': 2}}'. invalid literal for int() with base 10: '1.5'`,
    );
    assertFault(
      await raw('[5]'),
      400,
      new RegExp(
        String.raw`^Invalid input for field/attribute health_monitor_\. Value: '.*'\. ` +
          String.raw`int\(\) argument must be a string, a bytes-like object or a real number, not 'list'$`,
      ),
    );
    await assertUnchanged();
    const created = await raw('7.9');
    assert.equal(created.status, 201, created.text);
    assert.equal(created.body.healthmonitor.delay, 7);
    await waitActive(api(), lbId);
    const updated = await api().request('PUT', `${HMS}/${hmId}`, '{"healthmonitor": {"delay": -0, "timeout": true}}');
    assert.equal(updated.status, 200, updated.text);
    assert.equal(updated.body.healthmonitor.delay, 0);
    assert.equal(updated.body.healthmonitor.timeout, 1);
    await waitActive(api(), lbId);
  });

  it('list calls: a NUL in the marker is an invalid marker; an integer filter no column holds matches nothing', async () => {
    const res = await api().get(`${POOLS}?marker=a%00b`);
    assertFault(res, 400, "Supplied pagination marker 'a\u0000b' is not valid.");
    for (const query of [
      `${LISTENERS}?protocol_port=99999999999999`,
      `${LISTENERS}?connection_limit=-2147483649`,
      `${HMS}?delay=99999999999999999999999`,
    ]) {
      const list = await api().get(query);
      assert.equal(list.status, 200, `${query}: ${list.text}`);
      assert.deepEqual(Object.values(list.body)[0], [], query);
    }
    const exact = await api().get(`${LISTENERS}?protocol_port=80`);
    assert.deepEqual(
      exact.body.listeners.map((l: { id: string }) => l.id),
      [listenerId],
    );
  });
});

describeEachDatabase(
  'integer bounds: list limit without a maximum',
  (api) => {
    it('a limit beyond any 64-bit integer lists every row', async () => {
      const lb = await createLb(api(), { name: 'limit-probe' });
      for (const limit of ['99999999999999999999', '9'.repeat(400)]) {
        const res = await api().get(`${LB}?limit=${limit}&fields=id`);
        assert.equal(res.status, 200, res.text);
        assert.deepEqual(res.body.loadbalancers, [{ id: lb.id }]);
        assert.deepEqual(res.body.loadbalancers_links, []);
        const after = await api().get(`${LB}?limit=${limit}&marker=${lb.id}`);
        assert.equal(after.status, 200, after.text);
        assert.deepEqual(after.body.loadbalancers, []);
      }
    });
  },
  { api_settings: { pagination_max_limit: 'infinite' } },
);

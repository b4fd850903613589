// POST /v2/lbaas/pools: defaults of the response, request validation, parents (spec §6.3, §3.2, §5.2).
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { assertFault, createLb, createListener, createPool, LB, waitActive } from '../support/fixtures.js';
import { describeEachDatabase } from '../support/matrix.js';

const POOLS = '/v2/lbaas/pools';
const MISSING = '6b1d0e4c-3a2f-4e8b-9c1d-000000000404';

const POOL_KEYS = [
  'id',
  'name',
  'description',
  'provisioning_status',
  'operating_status',
  'admin_state_up',
  'protocol',
  'lb_algorithm',
  'session_persistence',
  'project_id',
  'tenant_id',
  'loadbalancers',
  'listeners',
  'created_at',
  'updated_at',
  'members',
  'tags',
  'tls_container_ref',
  'ca_tls_container_ref',
  'crl_container_ref',
  'tls_enabled',
  'tls_ciphers',
  'tls_versions',
  'alpn_protocols',
].sort();

describeEachDatabase('pools: create', (api) => {
  let lbId: string;

  before(async () => {
    lbId = (await createLb(api())).id;
  });

  const post = (pool: Record<string, unknown>) => api().post(POOLS, { pool: { loadbalancer_id: lbId, ...pool } });

  it('answers 201 with every default and no healthmonitor_id, then goes ACTIVE/ONLINE', async () => {
    const res = await post({ protocol: 'HTTP', lb_algorithm: 'ROUND_ROBIN' });
    assert.equal(res.status, 201, res.text);
    const p = res.body.pool;
    assert.deepEqual(Object.keys(p).sort(), POOL_KEYS);
    assert.ok(!('healthmonitor_id' in p));
    assert.match(p.id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.match(p.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?$/);
    const { id: _id, created_at: _c, ...rest } = p;
    assert.deepEqual(rest, {
      name: '',
      description: '',
      provisioning_status: 'PENDING_CREATE',
      operating_status: 'OFFLINE',
      admin_state_up: true,
      protocol: 'HTTP',
      lb_algorithm: 'ROUND_ROBIN',
      session_persistence: null,
      project_id: 'default',
      tenant_id: 'default',
      loadbalancers: [{ id: lbId }],
      listeners: [],
      updated_at: null,
      members: [],
      tags: [],
      tls_container_ref: null,
      ca_tls_container_ref: null,
      crl_container_ref: null,
      tls_enabled: false,
      tls_ciphers: null,
      tls_versions: null,
      alpn_protocols: null,
    });
    await waitActive(api(), lbId);
    const shown = (await api().get(`${POOLS}/${p.id}`)).body.pool;
    assert.equal(shown.provisioning_status, 'ACTIVE');
    assert.equal(shown.operating_status, 'ONLINE');
    assert.ok(!('healthmonitor_id' in shown));
  });

  it('keeps the values it is given', async () => {
    const res = await post({
      protocol: 'TCP',
      lb_algorithm: 'SOURCE_IP',
      name: 'web',
      description: 'backend servers',
      admin_state_up: false,
      tags: ['b', 'a'],
    });
    assert.equal(res.status, 201, res.text);
    const p = res.body.pool;
    assert.equal(p.name, 'web');
    assert.equal(p.description, 'backend servers');
    assert.equal(p.admin_state_up, false);
    assert.equal(p.protocol, 'TCP');
    assert.equal(p.lb_algorithm, 'SOURCE_IP');
    assert.deepEqual([...p.tags].sort(), ['a', 'b']);
    await waitActive(api(), lbId);
    const shown = (await api().get(`${POOLS}/${p.id}`)).body.pool;
    assert.equal(shown.provisioning_status, 'ACTIVE');
    assert.equal(shown.operating_status, 'OFFLINE');
  });

  it('fills the TLS defaults when tls_enabled is true', async () => {
    const res = await post({ protocol: 'HTTP', lb_algorithm: 'LEAST_CONNECTIONS', tls_enabled: true });
    assert.equal(res.status, 201, res.text);
    const p = res.body.pool;
    assert.equal(p.tls_enabled, true);
    assert.equal(p.tls_ciphers, api().config.api_settings.default_pool_ciphers);
    assert.ok(typeof p.tls_ciphers === 'string' && p.tls_ciphers.length > 0);
    assert.deepEqual(p.tls_versions, ['TLSv1.2', 'TLSv1.3']);
    assert.deepEqual(p.alpn_protocols, ['h2', 'http/1.1', 'http/1.0']);
    assert.equal(p.tls_container_ref, null);
    await waitActive(api(), lbId);
  });

  it('with listener_id becomes the default pool; a second one gets 409', async () => {
    const listener = await createListener(api(), lbId, { protocol: 'HTTP', protocol_port: 8001 });
    const res = await api().post(POOLS, { pool: { listener_id: listener.id, protocol: 'HTTP', lb_algorithm: 'ROUND_ROBIN' } });
    assert.equal(res.status, 201, res.text);
    const p = res.body.pool;
    assert.deepEqual(p.loadbalancers, [{ id: lbId }]);
    assert.deepEqual(p.listeners, [{ id: listener.id }]);
    await waitActive(api(), lbId);
    const settled = (await api().get(`/v2/lbaas/listeners/${listener.id}`)).body.listener;
    assert.equal(settled.provisioning_status, 'ACTIVE');
    assert.equal(settled.default_pool_id, p.id);

    const again = await api().post(POOLS, { pool: { listener_id: listener.id, protocol: 'HTTP', lb_algorithm: 'ROUND_ROBIN' } });
    assertFault(again, 409, 'This listener already has a default pool');
    const lb = (await api().get(`${LB}/${lbId}`)).body.loadbalancer;
    assert.equal(lb.provisioning_status, 'ACTIVE');
  });

  it('needs a load balancer or a listener', async () => {
    const res = await api().post(POOLS, { pool: { protocol: 'HTTP', lb_algorithm: 'ROUND_ROBIN' } });
    assertFault(res, 400, 'Validation failure: Must provide at least one of: loadbalancer_id, listener_id');
  });

  it('answers 404 for parents that do not exist', async () => {
    assertFault(
      await api().post(POOLS, { pool: { loadbalancer_id: MISSING, protocol: 'HTTP', lb_algorithm: 'ROUND_ROBIN' } }),
      404,
      `Load Balancer ${MISSING} not found.`,
    );
    assertFault(
      await api().post(POOLS, { pool: { listener_id: MISSING, protocol: 'HTTP', lb_algorithm: 'ROUND_ROBIN' } }),
      404,
      `Listener ${MISSING} not found.`,
    );
  });

  it('rejects missing mandatory fields', async () => {
    assertFault(
      await post({ lb_algorithm: 'ROUND_ROBIN' }),
      400,
      "Invalid input for field/attribute protocol. Value: 'None'. Mandatory field missing.",
    );
    assertFault(
      await post({ protocol: 'HTTP' }),
      400,
      "Invalid input for field/attribute lb_algorithm. Value: 'None'. Mandatory field missing.",
    );
    assertFault(
      await post({ protocol: null, lb_algorithm: 'ROUND_ROBIN' }),
      400,
      "Invalid input for field/attribute protocol. Value: 'None'. Mandatory field missing.",
    );
  });

  it('rejects values outside the enums', async () => {
    const proto = await post({ protocol: 'FTP', lb_algorithm: 'ROUND_ROBIN' });
    assertFault(proto, 400, /^Invalid input for field\/attribute protocol\. Value: 'FTP'\. Value should be one of: /);
    const listed = proto.body.faultstring
      .replace(/^.*one of: /, '')
      .split(', ')
      .sort();
    assert.deepEqual(listed, ['HTTP', 'HTTPS', 'PROXY', 'PROXYV2', 'SCTP', 'TCP', 'UDP']);
    const algo = await post({ protocol: 'HTTP', lb_algorithm: 'RANDOM' });
    assertFault(algo, 400, /^Invalid input for field\/attribute lb_algorithm\. Value: 'RANDOM'\. Value should be one of: /);
    const algos = algo.body.faultstring
      .replace(/^.*one of: /, '')
      .split(', ')
      .sort();
    assert.deepEqual(algos, ['LEAST_CONNECTIONS', 'ROUND_ROBIN', 'SOURCE_IP', 'SOURCE_IP_PORT']);
  });

  it('rejects malformed ids, long strings, ambiguous booleans and unknown attributes', async () => {
    assertFault(
      await api().post(POOLS, { pool: { loadbalancer_id: 'not-a-uuid', protocol: 'HTTP', lb_algorithm: 'ROUND_ROBIN' } }),
      400,
      "Invalid input for field/attribute loadbalancer_id. Value: 'not-a-uuid'. Value should be UUID format",
    );
    assertFault(
      await api().post(POOLS, { pool: { listener_id: 'xyz', protocol: 'HTTP', lb_algorithm: 'ROUND_ROBIN' } }),
      400,
      "Invalid input for field/attribute listener_id. Value: 'xyz'. Value should be UUID format",
    );
    const long = 'n'.repeat(256);
    assertFault(
      await post({ protocol: 'HTTP', lb_algorithm: 'ROUND_ROBIN', name: long }),
      400,
      `Invalid input for field/attribute name. Value: '${long}'. Value should have a maximum character requirement of 255`,
    );
    assertFault(
      await post({ protocol: 'HTTP', lb_algorithm: 'ROUND_ROBIN', admin_state_up: 'maybe' }),
      400,
      /Value not an unambiguous boolean: maybe$/,
    );
    assertFault(
      await post({ protocol: 'HTTP', lb_algorithm: 'ROUND_ROBIN', colour: 'blue' }),
      400,
      /^Unknown attribute for argument .*: colour$/,
    );
    assertFault(await api().post(POOLS, '{"pool": '), 400, 'Request is not in valid JSON format');
    const lb = (await api().get(`${LB}/${lbId}`)).body.loadbalancer;
    assert.equal(lb.provisioning_status, 'ACTIVE');
  });

  it('accepts the lenient scalar forms', async () => {
    const res = await post({ protocol: 'HTTP', lb_algorithm: 'ROUND_ROBIN', admin_state_up: 'off' });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.body.pool.admin_state_up, false);
    await waitActive(api(), lbId);
  });

  it('is answered under /v2.0 and the legacy prefix-less path too', async () => {
    const pool = await createPool(api(), lbId, { name: 'aliases' });
    for (const path of [`/v2.0/lbaas/pools/${pool.id}`, `/v2/pools/${pool.id}`]) {
      const res = await api().get(path);
      assert.equal(res.status, 200, res.text);
      assert.equal(res.body.pool.name, 'aliases');
    }
  });
});

// POST /v2/lbaas/healthmonitors: defaults per type, validation, one monitor per pool (spec §6.5).
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { assertFault, createLb, createMember, createPool, LB, waitActive } from '../support/fixtures.js';
import { describeEachDatabase } from '../support/matrix.js';

const HMS = '/v2/lbaas/healthmonitors';
const MISSING = '6b1d0e4c-3a2f-4e8b-9c1d-000000000404';

const HM_KEYS = [
  'id',
  'name',
  'type',
  'delay',
  'timeout',
  'max_retries',
  'max_retries_down',
  'http_method',
  'url_path',
  'expected_codes',
  'admin_state_up',
  'project_id',
  'tenant_id',
  'pools',
  'provisioning_status',
  'operating_status',
  'created_at',
  'updated_at',
  'tags',
  'http_version',
  'domain_name',
].sort();

describeEachDatabase('health monitors: create', (api) => {
  let lbId: string;
  let poolId: string;

  before(async () => {
    lbId = (await createLb(api())).id;
    poolId = (await createPool(api(), lbId)).id;
  });

  const post = (hm: Record<string, unknown>, pool = poolId) =>
    api().post(HMS, { healthmonitor: { pool_id: pool, type: 'HTTP', delay: 5, timeout: 3, max_retries: 2, ...hm } });
  const created = async (pool: string, hm: Record<string, unknown>) => {
    const res = await post(hm, pool);
    assert.equal(res.status, 201, res.text);
    await waitActive(api(), lbId);
    return res.body.healthmonitor;
  };

  it('answers 201 with every default for an HTTP monitor, then goes ACTIVE/ONLINE', async () => {
    const pool = await createPool(api(), lbId);
    const res = await post({}, pool.id);
    assert.equal(res.status, 201, res.text);
    const hm = res.body.healthmonitor;
    assert.deepEqual(Object.keys(hm).sort(), HM_KEYS);
    const { id: _id, created_at: _c, ...rest } = hm;
    assert.deepEqual(rest, {
      name: '',
      type: 'HTTP',
      delay: 5,
      timeout: 3,
      max_retries: 2,
      max_retries_down: 3,
      http_method: 'GET',
      url_path: '/',
      expected_codes: '200',
      admin_state_up: true,
      project_id: 'default',
      tenant_id: 'default',
      pools: [{ id: pool.id }],
      provisioning_status: 'PENDING_CREATE',
      operating_status: 'OFFLINE',
      updated_at: null,
      tags: [],
      http_version: null,
      domain_name: null,
    });
    await waitActive(api(), lbId);
    const shown = (await api().get(`${HMS}/${hm.id}`)).body.healthmonitor;
    assert.equal(shown.provisioning_status, 'ACTIVE');
    assert.equal(shown.operating_status, 'ONLINE');
    const shownPool = (await api().get(`/v2/lbaas/pools/${pool.id}`)).body.pool;
    assert.equal(shownPool.healthmonitor_id, hm.id);
    assert.equal(shownPool.provisioning_status, 'ACTIVE');
  });

  it('gives HTTPS the HTTP defaults and every other type null HTTP fields', async () => {
    const https = await created((await createPool(api(), lbId, { protocol: 'HTTPS' })).id, { type: 'HTTPS' });
    assert.deepEqual([https.http_method, https.url_path, https.expected_codes, https.max_retries_down], ['GET', '/', '200', 3]);
    for (const [protocol, type] of [
      ['TCP', 'TCP'],
      ['HTTP', 'PING'],
      ['HTTPS', 'TLS-HELLO'],
      ['UDP', 'UDP-CONNECT'],
      ['SCTP', 'SCTP'],
    ]) {
      const pool = await createPool(api(), lbId, { protocol });
      const hm = await created(pool.id, { type });
      assert.equal(hm.type, type);
      assert.equal(hm.http_method, null, type);
      assert.equal(hm.url_path, null, type);
      assert.equal(hm.expected_codes, null, type);
      assert.equal(hm.max_retries_down, 3, type);
    }
  });

  it('keeps the values it is given', async () => {
    const pool = await createPool(api(), lbId);
    const hm = await created(pool.id, {
      name: 'probe',
      delay: 0,
      timeout: 0,
      max_retries: 10,
      max_retries_down: 1,
      http_method: 'HEAD',
      url_path: '/healthz?full=1',
      expected_codes: '200-204',
      http_version: 1.1,
      domain_name: 'app.example.com',
      admin_state_up: false,
      tags: ['hm'],
    });
    assert.equal(hm.name, 'probe');
    assert.deepEqual([hm.delay, hm.timeout, hm.max_retries, hm.max_retries_down], [0, 0, 10, 1]);
    assert.deepEqual([hm.http_method, hm.url_path, hm.expected_codes], ['HEAD', '/healthz?full=1', '200-204']);
    assert.equal(hm.http_version, 1.1);
    assert.equal(hm.domain_name, 'app.example.com');
    assert.equal(hm.admin_state_up, false);
    assert.deepEqual(hm.tags, ['hm']);
    const shown = (await api().get(`${HMS}/${hm.id}`)).body.healthmonitor;
    assert.equal(shown.provisioning_status, 'ACTIVE');
    assert.equal(shown.operating_status, 'OFFLINE');
    const listed = await created((await createPool(api(), lbId)).id, { expected_codes: '200, 202,204', http_version: 1.0 });
    assert.equal(listed.expected_codes, '200, 202,204');
    assert.equal(listed.http_version, 1);
  });

  it('refuses a second monitor on the same pool with 409', async () => {
    const pool = await createPool(api(), lbId);
    const first = await created(pool.id, { type: 'TCP' });
    assertFault(await post({ type: 'HTTP' }, pool.id), 409, 'This pool already has a health monitor');
    assert.equal((await api().get(`/v2/lbaas/pools/${pool.id}`)).body.pool.healthmonitor_id, first.id);
    assert.equal((await api().get(`${LB}/${lbId}`)).body.loadbalancer.provisioning_status, 'ACTIVE');
  });

  it('rejects missing mandatory fields', async () => {
    for (const field of ['type', 'delay', 'timeout', 'max_retries', 'pool_id']) {
      const res = await api().post(HMS, {
        healthmonitor: Object.fromEntries(
          Object.entries({ pool_id: poolId, type: 'HTTP', delay: 5, timeout: 3, max_retries: 2 }).filter(([k]) => k !== field),
        ),
      });
      assertFault(res, 400, `Invalid input for field/attribute ${field}. Value: 'None'. Mandatory field missing.`);
    }
    // an explicit null is what Octavia checks after conversion
    for (const field of ['type', 'delay', 'timeout', 'max_retries']) {
      assertFault(await post({ [field]: null }), 400, `None is not a valid option for ${field}`);
    }
    assertFault(await post({ pool_id: null }), 400, "Invalid input for field/attribute pool_id. Value: 'None'. Mandatory field missing.");
    assert.equal((await api().get(`/v2/lbaas/pools/${poolId}`)).body.pool.healthmonitor_id, undefined);
  });

  it('rejects values out of range and outside the enums', async () => {
    const cases: [Record<string, unknown>, string | RegExp][] = [
      [{ delay: -1 }, "Invalid input for field/attribute delay. Value: '-1'. Value should be greater or equal to 0"],
      [{ timeout: -1 }, "Invalid input for field/attribute timeout. Value: '-1'. Value should be greater or equal to 0"],
      [{ max_retries: 0 }, "Invalid input for field/attribute max_retries. Value: '0'. Value should be greater or equal to 1"],
      [{ max_retries: 11 }, "Invalid input for field/attribute max_retries. Value: '11'. Value should be lower or equal to 10"],
      [{ max_retries_down: 0 }, "Invalid input for field/attribute max_retries_down. Value: '0'. Value should be greater or equal to 1"],
      [{ max_retries_down: 11 }, "Invalid input for field/attribute max_retries_down. Value: '11'. Value should be lower or equal to 10"],
      [{ type: 'ICMP' }, /^Invalid input for field\/attribute type\. Value: 'ICMP'\. Value should be one of: /],
      [{ http_method: 'FETCH' }, /^Invalid input for field\/attribute http_method\. Value: 'FETCH'\. Value should be one of: /],
      [{ http_version: 2 }, "Invalid input for field/attribute http_version. Value: '2.0'. Value should be one of: 1.0, 1.1"],
      [{ expected_codes: 'ok' }, /^Invalid input for field\/attribute expected_codes\. Value: 'ok'\. Value should match the pattern /],
      [{ expected_codes: '200-' }, /^Invalid input for field\/attribute expected_codes\. Value: '200-'\. Value should match the pattern /],
      [{ pool_id: 'pool-1' }, "Invalid input for field/attribute pool_id. Value: 'pool-1'. Value should be UUID format"],
      [{ colour: 'red' }, /^Unknown attribute for argument .*: colour$/],
    ];
    for (const [hm, message] of cases) assertFault(await post(hm), 400, message);
    const types = (await post({ type: 'ICMP' })).body.faultstring
      .replace(/^.*one of: /, '')
      .split(', ')
      .sort();
    assert.deepEqual(types, ['HTTP', 'HTTPS', 'PING', 'SCTP', 'TCP', 'TLS-HELLO', 'UDP-CONNECT']);
    assertFault(await post({ pool_id: MISSING }), 404, `Pool ${MISSING} not found.`);
  });

  it('validates url_path: absolute, no whitespace, no scheme or host', async () => {
    for (const urlPath of ['health', '/a b', '/a\nb', '/a\tb', 'http://example.com/health', '//example.com/x', '']) {
      assertFault(
        await post({ url_path: urlPath }),
        400,
        `Invalid input for field/attribute url_path. Value: '${urlPath}'. Value must be a valid URL Path string`,
      );
    }
  });

  it('refuses http_method, url_path and expected_codes on monitors that are not HTTP(S)', async () => {
    for (const type of ['TCP', 'PING', 'TLS-HELLO']) {
      for (const [field, value] of [
        ['http_method', 'GET'],
        ['url_path', '/'],
        ['expected_codes', '200'],
      ] as const) {
        assertFault(await post({ type, [field]: value }), 400, `${field} is not a valid option for health monitors of type ${type}`);
      }
    }
  });

  it('needs http_version 1.1 for a domain_name', async () => {
    assertFault(
      await post({ domain_name: 'example.com' }),
      400,
      "Validation failure: 'http_version' must be specified when 'domain_name' is provided.",
    );
    assertFault(
      await post({ domain_name: 'example.com', http_version: 1.0 }),
      400,
      'http_version 1.0 is not a valid option for health monitors HTTP 1.1 domain name health check',
    );
    assertFault(
      await post({ domain_name: '-bad-.example', http_version: 1.1 }),
      400,
      /^Invalid input for field\/attribute domain_name\. Value: '-bad-\.example'\. Value should match the pattern /,
    );
    assert.equal((await api().get(`/v2/lbaas/pools/${poolId}`)).body.pool.healthmonitor_id, undefined);
  });

  it('puts the existing members of the pool ONLINE once it is active', async () => {
    const pool = await createPool(api(), lbId);
    const m = await createMember(api(), lbId, pool.id);
    assert.equal(m.operating_status, 'NO_MONITOR');
    await created(pool.id, { type: 'TCP' });
    const shown = (await api().get(`/v2/lbaas/pools/${pool.id}/members/${m.id}`)).body.member;
    assert.equal(shown.provisioning_status, 'ACTIVE');
    assert.equal(shown.operating_status, 'ONLINE');
  });
});

describeEachDatabase(
  'health monitors: PING disabled',
  (api) => {
    it('refuses PING when allow_ping_health_monitors is false', async () => {
      const lbId = (await createLb(api())).id;
      const pool = await createPool(api(), lbId);
      const res = await api().post(HMS, { healthmonitor: { pool_id: pool.id, type: 'PING', delay: 5, timeout: 3, max_retries: 2 } });
      assertFault(res, 400, 'The selected type is not allowed in this deployment: PING');
    });
  },
  { api_settings: { allow_ping_health_monitors: false } },
);

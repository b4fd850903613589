// PUT and DELETE /v2/lbaas/healthmonitors/{id}: mutable fields, null semantics, delete side effects (spec §6.5, §5.1).
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { assertFault, createHealthMonitor, createLb, createMember, createPool, LB, waitActive } from '../support/fixtures.js';
import { describeEachDatabase } from '../support/matrix.js';

const HMS = '/v2/lbaas/healthmonitors';
const MISSING = '6b1d0e4c-3a2f-4e8b-9c1d-000000000404';

describeEachDatabase('health monitors: update and delete', (api) => {
  let lbId: string;

  before(async () => {
    lbId = (await createLb(api())).id;
  });

  const monitor = async (extra: Record<string, unknown> = {}) => {
    const pool = await createPool(api(), lbId);
    return { pool, hm: await createHealthMonitor(api(), lbId, pool.id, extra) };
  };
  const put = (id: string, healthmonitor: Record<string, unknown>) => api().put(`${HMS}/${id}`, { healthmonitor });
  const show = async (id: string) => (await api().get(`${HMS}/${id}`)).body.healthmonitor;

  it('updates every mutable field and goes back to ACTIVE', async () => {
    const { hm } = await monitor();
    const res = await put(hm.id, {
      name: 'renamed',
      delay: 10,
      timeout: 4,
      max_retries: 5,
      max_retries_down: 6,
      http_method: 'POST',
      url_path: '/status',
      expected_codes: '200,201',
      http_version: 1.1,
      domain_name: 'svc.example.org',
      tags: ['p'],
    });
    assert.equal(res.status, 200, res.text);
    const u = res.body.healthmonitor;
    assert.deepEqual(
      [u.name, u.delay, u.timeout, u.max_retries, u.max_retries_down, u.http_method, u.url_path, u.expected_codes],
      ['renamed', 10, 4, 5, 6, 'POST', '/status', '200,201'],
    );
    assert.equal(u.http_version, 1.1);
    assert.equal(u.domain_name, 'svc.example.org');
    assert.deepEqual(u.tags, ['p']);
    assert.equal(u.type, 'HTTP');
    await waitActive(api(), lbId);
    const shown = await show(hm.id);
    assert.equal(shown.provisioning_status, 'ACTIVE');
    assert.equal(shown.operating_status, 'ONLINE');
    assert.notEqual(shown.updated_at, null);

    const off = await put(hm.id, { admin_state_up: false });
    assert.equal(off.status, 200, off.text);
    assert.equal(off.body.healthmonitor.delay, 10);
    await waitActive(api(), lbId);
    assert.equal((await show(hm.id)).operating_status, 'OFFLINE');
  });

  it('resets defaults on null: max_retries_down 3, http_method GET, url_path /, expected_codes 200', async () => {
    const { hm } = await monitor({
      name: 'n',
      max_retries_down: 7,
      http_method: 'HEAD',
      url_path: '/x',
      expected_codes: '204',
      http_version: 1.1,
      domain_name: 'a.example.com',
    });
    const res = await put(hm.id, {
      name: null,
      max_retries_down: null,
      http_method: null,
      url_path: null,
      expected_codes: null,
      domain_name: null,
      http_version: null,
    });
    assert.equal(res.status, 200, res.text);
    const u = res.body.healthmonitor;
    assert.deepEqual([u.name, u.max_retries_down, u.http_method, u.url_path, u.expected_codes], ['', 3, 'GET', '/', '200']);
    assert.equal(u.http_version, null);
    assert.equal(u.domain_name, null);
    assert.equal(u.delay, 5);
    await waitActive(api(), lbId);
  });

  it('refuses null delay, timeout and max_retries', async () => {
    const { hm } = await monitor();
    for (const field of ['delay', 'timeout', 'max_retries']) {
      assertFault(await put(hm.id, { [field]: null }), 400, `None is not a valid option for ${field}`);
    }
    const shown = await show(hm.id);
    assert.deepEqual([shown.delay, shown.timeout, shown.max_retries], [5, 3, 3]);
  });

  it('refuses immutable, unknown and out-of-range attributes', async () => {
    const { hm, pool } = await monitor();
    for (const [field, value] of [
      ['type', 'TCP'],
      ['pool_id', pool.id],
      ['project_id', 'p'],
    ] as const) {
      assertFault(await put(hm.id, { delay: 9, [field]: value }), 400, new RegExp(`^Unknown attribute for argument .*: ${field}$`));
    }
    assertFault(
      await put(hm.id, { max_retries: 11 }),
      400,
      "Invalid input for field/attribute max_retries. Value: '11'. Value should be lower or equal to 10",
    );
    assertFault(
      await put(hm.id, { delay: -5 }),
      400,
      "Invalid input for field/attribute delay. Value: '-5'. Value should be greater or equal to 0",
    );
    assertFault(
      await put(hm.id, { url_path: 'status' }),
      400,
      "Invalid input for field/attribute url_path. Value: 'status'. Value must be a valid URL Path string",
    );
    assertFault(
      await put(hm.id, { url_path: '/a b' }),
      400,
      "Invalid input for field/attribute url_path. Value: '/a b'. Value must be a valid URL Path string",
    );
    const shown = await show(hm.id);
    assert.equal(shown.delay, 5);
    assert.equal(shown.type, 'HTTP');
    assert.equal(shown.url_path, '/');
  });

  it('refuses the HTTP fields on a TCP monitor, even as null', async () => {
    const { hm } = await monitor({ type: 'TCP' });
    for (const [field, value] of [
      ['http_method', 'GET'],
      ['url_path', '/'],
      ['expected_codes', '200'],
      ['http_method', null],
    ] as const) {
      assertFault(await put(hm.id, { [field]: value }), 400, `${field} is not a valid option for health monitors of type TCP`);
    }
    const ok = await put(hm.id, { delay: 2 });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.body.healthmonitor.http_method, null);
    await waitActive(api(), lbId);
  });

  it('checks domain_name against the stored and the new http_version', async () => {
    const { hm } = await monitor();
    assertFault(
      await put(hm.id, { domain_name: 'example.com' }),
      400,
      "Validation failure: 'http_version' must be specified when 'domain_name' is provided.",
    );
    const v10 = await put(hm.id, { http_version: 1.0 });
    assert.equal(v10.status, 200, v10.text);
    await waitActive(api(), lbId);
    assertFault(
      await put(hm.id, { domain_name: 'example.com' }),
      400,
      'http_version 1.0 is not a valid option for health monitors HTTP 1.1 domain name health check',
    );
    const ok = await put(hm.id, { domain_name: 'example.com', http_version: 1.1 });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.body.healthmonitor.domain_name, 'example.com');
    await waitActive(api(), lbId);
  });

  it('answers 404 for a monitor that does not exist, 400 without an id', async () => {
    assertFault(await api().get(`${HMS}/${MISSING}`), 404, `Health Monitor ${MISSING} not found.`);
    assertFault(await put(MISSING, { delay: 1 }), 404, `Health Monitor ${MISSING} not found.`);
    assertFault(await api().delete(`${HMS}/${MISSING}`), 404, `Health Monitor ${MISSING} not found.`);
    assertFault(await api().put(HMS, { healthmonitor: { delay: 1 } }), 400, 'Missing argument: "id"');
    assertFault(await api().delete(HMS), 400, 'Missing argument: "id"');
  });

  it('deletes a monitor: 204, pool loses healthmonitor_id, members go back to NO_MONITOR', async () => {
    const pool = await createPool(api(), lbId);
    const hm = await createHealthMonitor(api(), lbId, pool.id, { type: 'TCP' });
    const m1 = await createMember(api(), lbId, pool.id, { address: '127.0.0.1', protocol_port: 80 });
    const m2 = await createMember(api(), lbId, pool.id, { address: '127.0.0.2', protocol_port: 80 });
    const member = (id: string) => api().get(`/v2/lbaas/pools/${pool.id}/members/${id}`);
    assert.equal((await member(m1.id)).body.member.operating_status, 'ONLINE');

    const res = await api().delete(`${HMS}/${hm.id}`);
    assert.equal(res.status, 204, res.text);
    assert.equal(res.text, '');
    await waitActive(api(), lbId);

    assertFault(await api().get(`${HMS}/${hm.id}`), 404, `Health Monitor ${hm.id} not found.`);
    const shownPool = (await api().get(`/v2/lbaas/pools/${pool.id}`)).body.pool;
    assert.ok(!('healthmonitor_id' in shownPool));
    assert.equal(shownPool.provisioning_status, 'ACTIVE');
    for (const id of [m1.id, m2.id]) {
      const m = (await member(id)).body.member;
      assert.equal(m.operating_status, 'NO_MONITOR');
      assert.equal(m.provisioning_status, 'ACTIVE');
    }
    assert.equal((await api().get(`${LB}/${lbId}`)).body.loadbalancer.provisioning_status, 'ACTIVE');
    const again = await createHealthMonitor(api(), lbId, pool.id, { type: 'PING' });
    assert.equal((await api().get(`/v2/lbaas/pools/${pool.id}`)).body.pool.healthmonitor_id, again.id);
  });
});

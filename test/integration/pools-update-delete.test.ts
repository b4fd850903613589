// PUT and DELETE /v2/lbaas/pools/{id}: updatable vs. immutable fields, null semantics, cascading delete (spec §6.3).
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { assertFault, createHealthMonitor, createLb, createListener, createMember, createPool, waitActive } from '../support/fixtures.js';
import { describeEachDatabase } from '../support/matrix.js';

const POOLS = '/v2/lbaas/pools';
const MISSING = '6b1d0e4c-3a2f-4e8b-9c1d-000000000404';

describeEachDatabase('pools: update and delete', (api) => {
  let lbId: string;

  before(async () => {
    lbId = (await createLb(api())).id;
  });

  const put = (id: string, pool: Record<string, unknown>) => api().put(`${POOLS}/${id}`, { pool });
  const show = async (id: string) => (await api().get(`${POOLS}/${id}`)).body.pool;

  it('updates every mutable field and goes back to ACTIVE', async () => {
    const pool = await createPool(api(), lbId, { name: 'before', description: 'd', tags: ['x'] });
    const res = await put(pool.id, {
      name: 'after',
      description: 'new description',
      admin_state_up: false,
      lb_algorithm: 'LEAST_CONNECTIONS',
      tags: ['y', 'z'],
    });
    assert.equal(res.status, 200, res.text);
    const p = res.body.pool;
    assert.equal(p.name, 'after');
    assert.equal(p.description, 'new description');
    assert.equal(p.admin_state_up, false);
    assert.equal(p.lb_algorithm, 'LEAST_CONNECTIONS');
    assert.deepEqual([...p.tags].sort(), ['y', 'z']);
    assert.equal(p.protocol, 'HTTP');
    assert.equal(p.created_at, pool.created_at);
    await waitActive(api(), lbId);
    const shown = await show(pool.id);
    assert.equal(shown.provisioning_status, 'ACTIVE');
    assert.equal(shown.operating_status, 'OFFLINE');
    assert.equal(shown.lb_algorithm, 'LEAST_CONNECTIONS');
    assert.notEqual(shown.updated_at, null);
  });

  it('leaves omitted fields alone and renders null name/description as ""', async () => {
    const pool = await createPool(api(), lbId, { name: 'keep', description: 'keep too', tags: ['t'] });
    const renamed = await put(pool.id, { name: null, description: null });
    assert.equal(renamed.status, 200, renamed.text);
    assert.equal(renamed.body.pool.name, '');
    assert.equal(renamed.body.pool.description, '');
    assert.deepEqual(renamed.body.pool.tags, ['t']);
    assert.equal(renamed.body.pool.lb_algorithm, 'ROUND_ROBIN');
    await waitActive(api(), lbId);
    const cleared = await put(pool.id, { tags: [] });
    assert.equal(cleared.status, 200, cleared.text);
    assert.deepEqual(cleared.body.pool.tags, []);
    assert.equal(cleared.body.pool.name, '');
    await waitActive(api(), lbId);
  });

  it('turns TLS on and resets tls_ciphers/tls_versions to the defaults on null', async () => {
    const pool = await createPool(api(), lbId);
    const on = await put(pool.id, { tls_enabled: true, tls_ciphers: 'ECDHE-RSA-AES256-GCM-SHA384', tls_versions: ['TLSv1.3'] });
    assert.equal(on.status, 200, on.text);
    assert.equal(on.body.pool.tls_enabled, true);
    assert.equal(on.body.pool.tls_ciphers, 'ECDHE-RSA-AES256-GCM-SHA384');
    assert.deepEqual(on.body.pool.tls_versions, ['TLSv1.3']);
    await waitActive(api(), lbId);
    const reset = await put(pool.id, { tls_ciphers: null, tls_versions: null });
    assert.equal(reset.status, 200, reset.text);
    assert.equal(reset.body.pool.tls_ciphers, api().config.api_settings.default_pool_ciphers);
    assert.deepEqual(reset.body.pool.tls_versions, ['TLSv1.2', 'TLSv1.3']);
    await waitActive(api(), lbId);
  });

  it('refuses immutable and unknown attributes with 400 and changes nothing', async () => {
    const pool = await createPool(api(), lbId, { name: 'fixed' });
    for (const [field, value] of [
      ['protocol', 'TCP'],
      ['loadbalancer_id', lbId],
      ['listener_id', MISSING],
      ['members', []],
      ['healthmonitor', { type: 'TCP', delay: 1, timeout: 1, max_retries: 1 }],
      ['id', MISSING],
      ['provisioning_status', 'ACTIVE'],
    ] as const) {
      assertFault(
        await put(pool.id, { name: 'changed', [field]: value }),
        400,
        new RegExp(`^Unknown attribute for argument .*: ${field}$`),
      );
    }
    assertFault(
      await put(pool.id, { lb_algorithm: 'FASTEST' }),
      400,
      /^Invalid input for field\/attribute lb_algorithm\. Value: 'FASTEST'\. Value should be one of: /,
    );
    const shown = await show(pool.id);
    assert.equal(shown.name, 'fixed');
    assert.equal(shown.protocol, 'HTTP');
    assert.equal(shown.provisioning_status, 'ACTIVE');
  });

  it('answers 404 for a pool that does not exist, 400 without an id', async () => {
    assertFault(await api().get(`${POOLS}/${MISSING}`), 404, `Pool ${MISSING} not found.`);
    assertFault(await put(MISSING, { name: 'x' }), 404, `Pool ${MISSING} not found.`);
    assertFault(await api().delete(`${POOLS}/${MISSING}`), 404, `Pool ${MISSING} not found.`);
    assertFault(await api().put(POOLS, { pool: { name: 'x' } }), 400, 'Missing argument: "id"');
    assertFault(await api().delete(POOLS), 400, 'Missing argument: "id"');
  });

  it('deletes the pool with its members and health monitor and frees the listener', async () => {
    const listener = await createListener(api(), lbId, { protocol: 'HTTP', protocol_port: 8101 });
    const pool = await createPool(api(), lbId, { listener_id: listener.id, loadbalancer_id: undefined });
    const m1 = await createMember(api(), lbId, pool.id, { address: '127.0.0.1', protocol_port: 80 });
    const m2 = await createMember(api(), lbId, pool.id, { address: '127.0.0.2', protocol_port: 80 });
    const hm = await createHealthMonitor(api(), lbId, pool.id);
    assert.equal((await show(pool.id)).healthmonitor_id, hm.id);

    const res = await api().delete(`${POOLS}/${pool.id}`);
    assert.equal(res.status, 204, res.text);
    assert.equal(res.text, '');
    await waitActive(api(), lbId);

    assertFault(await api().get(`${POOLS}/${pool.id}`), 404, `Pool ${pool.id} not found.`);
    assertFault(await api().get(`${POOLS}/${pool.id}/members/${m1.id}`), 404, `Pool ${pool.id} not found.`);
    assertFault(await api().get(`/v2/lbaas/healthmonitors/${hm.id}`), 404, `Health Monitor ${hm.id} not found.`);
    const db = api().runtime.services.db;
    const left = await db.selectFrom('member').select('id').where('id', 'in', [m1.id, m2.id]).execute();
    assert.deepEqual(left, []);
    const listed = (await api().get(POOLS)).body.pools.map((p: { id: string }) => p.id);
    assert.ok(!listed.includes(pool.id));
    const freed = (await api().get(`/v2/lbaas/listeners/${listener.id}`)).body.listener;
    assert.equal(freed.default_pool_id, null);
    assert.equal(freed.provisioning_status, 'ACTIVE');
  });

  it('refuses to delete a pool an L7 policy redirects to (409) until the policy is gone', async () => {
    const listener = await createListener(api(), lbId, { protocol: 'HTTP', protocol_port: 8102 });
    const pool = await createPool(api(), lbId);
    const created = await api().post('/v2/lbaas/l7policies', {
      l7policy: { listener_id: listener.id, action: 'REDIRECT_TO_POOL', redirect_pool_id: pool.id },
    });
    assert.equal(created.status, 201, created.text);
    const policyId = created.body.l7policy.id;
    await waitActive(api(), lbId);

    assertFault(await api().delete(`${POOLS}/${pool.id}`), 409, `Pool ${pool.id} is in use by L7 policy ${policyId}`);
    assert.equal((await show(pool.id)).provisioning_status, 'ACTIVE');

    assert.equal((await api().delete(`/v2/lbaas/l7policies/${policyId}`)).status, 204);
    await waitActive(api(), lbId);
    assert.equal((await api().delete(`${POOLS}/${pool.id}`)).status, 204);
    await waitActive(api(), lbId);
    assertFault(await api().get(`${POOLS}/${pool.id}`), 404, `Pool ${pool.id} not found.`);
  });
});

// Pool session_persistence on create and update (spec §6.3 "session_persistence", §7.2).
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { assertFault, createLb, createPool, waitActive } from '../support/fixtures.js';
import { describeEachDatabase } from '../support/matrix.js';

const POOLS = '/v2/lbaas/pools';
const sp = (type: string, extra: Record<string, unknown> = {}) => ({
  type,
  cookie_name: null,
  persistence_timeout: null,
  persistence_granularity: null,
  ...extra,
});

describeEachDatabase('pools: session persistence', (api) => {
  let lbId: string;

  before(async () => {
    lbId = (await createLb(api())).id;
  });

  const post = (protocol: string, session_persistence: unknown) =>
    api().post(POOLS, { pool: { loadbalancer_id: lbId, protocol, lb_algorithm: 'ROUND_ROBIN', session_persistence } });
  const put = (id: string, session_persistence: unknown) => api().put(`${POOLS}/${id}`, { pool: { session_persistence } });
  const created = async (protocol: string, session_persistence: unknown) => {
    const res = await post(protocol, session_persistence);
    assert.equal(res.status, 201, res.text);
    await waitActive(api(), lbId);
    return res.body.pool;
  };

  it('renders all four keys for each type a TCP-family pool accepts', async () => {
    assert.deepEqual((await created('HTTP', { type: 'SOURCE_IP' })).session_persistence, sp('SOURCE_IP'));
    assert.deepEqual((await created('HTTP', { type: 'HTTP_COOKIE' })).session_persistence, sp('HTTP_COOKIE'));
    const app = await created('HTTP', { type: 'APP_COOKIE', cookie_name: 'JSESSIONID' });
    assert.deepEqual(app.session_persistence, sp('APP_COOKIE', { cookie_name: 'JSESSIONID' }));
    const shown = (await api().get(`${POOLS}/${app.id}`)).body.pool;
    assert.deepEqual(shown.session_persistence, sp('APP_COOKIE', { cookie_name: 'JSESSIONID' }));
  });

  it('ties cookie_name to APP_COOKIE', async () => {
    assertFault(
      await post('HTTP', { type: 'APP_COOKIE' }),
      400,
      'Validation failure: Field "cookie_name" must be specified when using the "APP_COOKIE" session persistence type.',
    );
    for (const type of ['HTTP_COOKIE', 'SOURCE_IP']) {
      assertFault(
        await post('HTTP', { type, cookie_name: 'sid' }),
        400,
        'Validation failure: Field "cookie_name" can only be specified with session persistence of type "APP_COOKIE".',
      );
    }
  });

  it('validates the cookie name and the type', async () => {
    assertFault(
      await post('HTTP', { type: 'APP_COOKIE', cookie_name: 'a=b' }),
      400,
      'Validation failure: Supplied "cookie_name" is invalid.',
    );
    assertFault(
      await post('HTTP', { type: 'APP_COOKIE', cookie_name: 'a b' }),
      400,
      "Invalid input for field/attribute cookie_name. Value: 'a b'. Value should match the pattern ^[^\\s,;\\\\]+$",
    );
    assertFault(
      await post('HTTP', { cookie_name: 'sid' }),
      400,
      "Invalid input for field/attribute type. Value: 'None'. Mandatory field missing.",
    );
    assertFault(
      await post('HTTP', { type: 'STICKY' }),
      400,
      /^Invalid input for field\/attribute type\. Value: 'STICKY'\. Value should be one of: /,
    );
    assertFault(await post('HTTP', { type: 'SOURCE_IP', colour: 1 }), 400, /^Unknown attribute for argument .*: colour$/);
  });

  it('keeps persistence_timeout and persistence_granularity for UDP and SCTP pools only', async () => {
    for (const extra of [{ persistence_timeout: 60 }, { persistence_granularity: '255.255.255.0' }]) {
      assertFault(
        await post('HTTP', { type: 'SOURCE_IP', ...extra }),
        400,
        'Validation failure: persistence_timeout and persistence_granularity is only for UDP and SCTP protocol pools.',
      );
    }
    for (const protocol of ['UDP', 'SCTP']) {
      const pool = await created(protocol, { type: 'SOURCE_IP', persistence_timeout: 60, persistence_granularity: '255.255.255.0' });
      assert.deepEqual(pool.session_persistence, sp('SOURCE_IP', { persistence_timeout: 60, persistence_granularity: '255.255.255.0' }));
    }
    assertFault(
      await post('UDP', { type: 'SOURCE_IP', persistence_granularity: '255.255.255.300' }),
      400,
      "Invalid input for field/attribute persistence_granularity. Value: '255.255.255.300'. Value should be IPv4 or IPv6 format",
    );
  });

  it('gives UDP and SCTP pools SOURCE_IP only', async () => {
    for (const protocol of ['UDP', 'SCTP']) {
      assertFault(
        await post(protocol, { type: 'HTTP_COOKIE' }),
        400,
        'Validation failure: Session persistence of type HTTP_COOKIE is not supported for UDP/SCTP protocol pools.',
      );
      assertFault(
        await post(protocol, { type: 'APP_COOKIE', cookie_name: 'sid' }),
        400,
        'Validation failure: Cookie names are not supported for UDP/SCTP pools.',
      );
      assertFault(
        await post(protocol, { type: 'SOURCE_IP', cookie_name: 'sid' }),
        400,
        'Validation failure: session_persistence SOURCE_IP type for UDP and SCTP protocols only accepts: type, persistence_timeout, ' +
          'persistence_granularity.',
      );
    }
  });

  it('PUT null removes it; PUT without type keeps the type; PUT with a type replaces every key', async () => {
    const pool = await createPool(api(), lbId, { session_persistence: { type: 'APP_COOKIE', cookie_name: 'first' } });
    const kept = await put(pool.id, { cookie_name: 'second' });
    assert.equal(kept.status, 200, kept.text);
    assert.deepEqual(kept.body.pool.session_persistence, sp('APP_COOKIE', { cookie_name: 'second' }));
    await waitActive(api(), lbId);

    const replaced = await put(pool.id, { type: 'HTTP_COOKIE' });
    assert.equal(replaced.status, 200, replaced.text);
    assert.deepEqual(replaced.body.pool.session_persistence, sp('HTTP_COOKIE'));
    await waitActive(api(), lbId);

    const removed = await put(pool.id, null);
    assert.equal(removed.status, 200, removed.text);
    assert.equal(removed.body.pool.session_persistence, null);
    await waitActive(api(), lbId);
    assert.equal((await api().get(`${POOLS}/${pool.id}`)).body.pool.session_persistence, null);

    const added = await put(pool.id, { type: 'SOURCE_IP' });
    assert.equal(added.status, 200, added.text);
    assert.deepEqual(added.body.pool.session_persistence, sp('SOURCE_IP'));
    await waitActive(api(), lbId);
  });

  it('applies the same rules on PUT', async () => {
    const http = await createPool(api(), lbId);
    assertFault(
      await put(http.id, { type: 'APP_COOKIE' }),
      400,
      'Validation failure: Field "cookie_name" must be specified when using the "APP_COOKIE" session persistence type.',
    );
    assertFault(
      await put(http.id, { cookie_name: 'sid' }),
      400,
      'Validation failure: Field "cookie_name" can only be specified with session persistence of type "APP_COOKIE".',
    );
    // Octavia's PUT wording differs from its POST wording here
    assertFault(
      await put(http.id, { type: 'SOURCE_IP', persistence_timeout: 30 }),
      400,
      'Validation failure: persistence_timeout and persistence_granularity is only for UDP protocol pools.',
    );
    const udp = await createPool(api(), lbId, { protocol: 'UDP' });
    assertFault(
      await put(udp.id, { type: 'HTTP_COOKIE' }),
      400,
      'Validation failure: Session persistence of type HTTP_COOKIE is not supported for UDP/SCTP protocol pools.',
    );
    const ok = await put(udp.id, { type: 'SOURCE_IP', persistence_timeout: 120 });
    assert.equal(ok.status, 200, ok.text);
    assert.deepEqual(ok.body.pool.session_persistence, sp('SOURCE_IP', { persistence_timeout: 120 }));
    await waitActive(api(), lbId);
    assert.equal((await api().get(`${POOLS}/${http.id}`)).body.pool.session_persistence, null);
  });
});

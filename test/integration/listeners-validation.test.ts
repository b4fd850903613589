// POST /listeners body validation: types, ranges, enums, UUIDs, lengths, unknown and missing attributes, parents.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { describeEachDatabase } from '../support/matrix.js';
import { assertFault, createLb, waitActive } from '../support/fixtures.js';

const LISTENERS = '/v2/lbaas/listeners';
const MAX_TIMEOUT = 2073600000;
const LONG = 'x'.repeat(256);
const invalid = (field: string, value: string, reason: string) =>
  `Invalid input for field/attribute ${field}. Value: '${value}'. ${reason}`;

describeEachDatabase('listener validation', (api) => {
  let lbId = '';
  before(async () => {
    lbId = (await createLb(api())).id;
  });
  const post = (fields: Record<string, unknown>) =>
    api().post(LISTENERS, { listener: { loadbalancer_id: lbId, protocol: 'HTTP', protocol_port: 80, ...fields } });

  it('rejects non-JSON bodies and bodies without the wrapper', async () => {
    assertFault(await api().post(LISTENERS, '{"listener": '), 400, 'Request is not in valid JSON format');
    assertFault(await api().post(LISTENERS, {}), 400);
    assertFault(await api().post(LISTENERS, { listener: 'x' }), 400);
    assertFault(await api().post(LISTENERS, { listeners: [{ loadbalancer_id: lbId, protocol: 'HTTP', protocol_port: 80 }] }), 400);
  });

  it('rejects unknown and read-only attributes', async () => {
    assertFault(await post({ foo: 'bar' }), 400, /^Unknown attribute for argument [\w.]+: foo$/);
    assertFault(await post({ provisioning_status: 'ACTIVE' }), 400, /^Unknown attribute for argument [\w.]+: provisioning_status$/);
    assertFault(await post({ loadbalancers: [{ id: lbId }] }), 400, /^Unknown attribute for argument [\w.]+: loadbalancers$/);
    assertFault(
      await api().post(LISTENERS, { listener: { loadbalancer_id: lbId, protocol: 'HTTP', protocol_port: 80 }, extra: 1 }),
      400,
      /^Unknown attribute for argument [\w.]+: extra$/,
    );
  });

  it('requires protocol, protocol_port and loadbalancer_id', async () => {
    assertFault(
      await api().post(LISTENERS, { listener: { loadbalancer_id: lbId, protocol_port: 80 } }),
      400,
      invalid('protocol', 'None', 'Mandatory field missing.'),
    );
    assertFault(
      await api().post(LISTENERS, { listener: { loadbalancer_id: lbId, protocol: 'HTTP' } }),
      400,
      invalid('protocol_port', 'None', 'Mandatory field missing.'),
    );
    assertFault(
      await api().post(LISTENERS, { listener: { protocol: 'HTTP', protocol_port: 80 } }),
      400,
      invalid('loadbalancer_id', 'None', 'Mandatory field missing.'),
    );
    assertFault(await post({ protocol: null }), 400, invalid('protocol', 'None', 'Mandatory field missing.'));
  });

  it('rejects protocols outside the enum, including wrong case', async () => {
    for (const protocol of ['FTP', 'http', 'PROXY']) {
      assertFault(
        await post({ protocol }),
        400,
        new RegExp(`^Invalid input for field/attribute protocol\\. Value: '${protocol}'\\. Value should be one of: `),
      );
    }
  });

  it('checks integer ranges', async () => {
    assertFault(await post({ protocol_port: 0 }), 400, invalid('protocol_port', '0', 'Value should be greater or equal to 1'));
    assertFault(await post({ protocol_port: 65536 }), 400, invalid('protocol_port', '65536', 'Value should be lower or equal to 65535'));
    assertFault(await post({ connection_limit: -2 }), 400, invalid('connection_limit', '-2', 'Value should be greater or equal to -1'));
    for (const field of ['timeout_client_data', 'timeout_member_connect', 'timeout_member_data', 'timeout_tcp_inspect']) {
      assertFault(await post({ [field]: -1 }), 400, invalid(field, '-1', 'Value should be greater or equal to 0'));
      assertFault(
        await post({ [field]: MAX_TIMEOUT + 1 }),
        400,
        invalid(field, String(MAX_TIMEOUT + 1), `Value should be lower or equal to ${MAX_TIMEOUT}`),
      );
    }
  });

  it("converts integers with Python's int() as WSME does: refusals name the body argument, floats truncate", async () => {
    assertFault(
      await post({ protocol_port: 'eighty' }),
      400,
      `Invalid input for field/attribute listener_. Value: '{'listener': {'loadbalancer_id': '${lbId}', 'protocol': 'HTTP', ` +
        `'protocol_port': 'eighty'}}'. ` +
        "invalid literal for int() with base 10: 'eighty'",
    );
    assertFault(
      await post({ protocol_port: '80.5' }),
      400,
      /^Invalid input for field\/attribute listener_\. Value: '.*'\. invalid literal for int\(\) with base 10: '80\.5'$/,
    );
    // on a load balancer of its own: the suite checks that its own one is left without listeners
    const lb = await createLb(api());
    const truncated = await api().post(LISTENERS, {
      listener: { loadbalancer_id: lb.id, protocol: 'HTTP', protocol_port: 82.7, connection_limit: true },
    });
    assert.equal(truncated.status, 201, truncated.text);
    assert.equal(truncated.body.listener.protocol_port, 82);
    assert.equal(truncated.body.listener.connection_limit, 1);
    await waitActive(api(), lb.id);
  });

  it('accepts the extreme values of every range', async () => {
    const lb = await createLb(api());
    const res = await api().post(LISTENERS, {
      listener: {
        loadbalancer_id: lb.id,
        protocol: 'TCP',
        protocol_port: 65535,
        connection_limit: -1,
        timeout_client_data: 0,
        timeout_member_connect: MAX_TIMEOUT,
        timeout_member_data: 0,
        timeout_tcp_inspect: MAX_TIMEOUT,
      },
    });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.body.listener.protocol_port, 65535);
    assert.equal(res.body.listener.timeout_member_connect, MAX_TIMEOUT);
    assert.equal(res.body.listener.timeout_client_data, 0);
  });

  it('rejects malformed UUIDs and unknown parents', async () => {
    assertFault(await post({ loadbalancer_id: 'lb-1' }), 400, invalid('loadbalancer_id', 'lb-1', 'Value should be UUID format'));
    assertFault(await post({ default_pool_id: 'pool-1' }), 400, invalid('default_pool_id', 'pool-1', 'Value should be UUID format'));
    const missing = '4a0e6d44-3b2c-4f1a-8e9d-7c6b5a4f3e2d';
    assertFault(await post({ loadbalancer_id: missing }), 404, `Load Balancer ${missing} not found.`);
    assertFault(await post({ default_pool_id: missing }), 404, `Pool ${missing} not found.`);
  });

  it('rejects too-long strings', async () => {
    for (const field of ['name', 'description', 'default_tls_container_ref', 'client_ca_tls_container_ref', 'client_crl_container_ref']) {
      assertFault(await post({ [field]: LONG }), 400, invalid(field, LONG, 'Value should have a maximum character requirement of 255'));
    }
    assertFault(await post({ tags: [LONG] }), 400, invalid('tags', LONG, 'Value should have a maximum character requirement of 255'));
    assertFault(
      await post({ sni_container_refs: [LONG] }),
      400,
      invalid('sni_container_refs', LONG, 'Value should have a maximum character requirement of 255'),
    );
    assertFault(
      await post({ insert_headers: { 'X-Forwarded-For': LONG } }),
      400,
      /^Invalid input for field\/attribute insert_headers\. .*Value should have a maximum character requirement of 255$/,
    );
    const ciphers = 'A'.repeat(2049);
    assertFault(
      await post({ tls_ciphers: ciphers }),
      400,
      invalid('tls_ciphers', ciphers, 'Value should have a maximum character requirement of 2048'),
    );
    assertFault(
      await post({ tls_versions: ['T'.repeat(33)] }),
      400,
      invalid('tls_versions', 'T'.repeat(33), 'Value should have a maximum character requirement of 32'),
    );
  });

  it('rejects wrong JSON types', async () => {
    assertFault(await post({ name: 5 }), 400, invalid('name', '5', "Wrong type. Expected '<class 'str'>', got '<class 'int'>'"));
    assertFault(await post({ sni_container_refs: 'one' }), 400, /^Invalid input for field\/attribute sni_container_refs\. Value: 'one'\./);
    assertFault(await post({ insert_headers: ['X-Forwarded-For'] }), 400, /^Invalid input for field\/attribute insert_headers\./);
    assertFault(await post({ allowed_cidrs: '127.0.0.0/8' }), 400, /^Invalid input for field\/attribute allowed_cidrs\./);
    assertFault(
      await post({ admin_state_up: 'sometimes' }),
      400,
      /^Invalid input for field\/attribute listener_\. Value: '.*'\. Value not an unambiguous boolean: sometimes$/,
    );
  });

  it('rejects bad enum members of client_authentication and alpn_protocols', async () => {
    assertFault(
      await post({ client_authentication: 'SOMETIMES' }),
      400,
      /^Invalid input for field\/attribute client_authentication\. Value: 'SOMETIMES'\. Value should be one of: /,
    );
    // Octavia's WSME type reports the offending list under the attribute name
    assertFault(await post({ alpn_protocols: ['h2', 'h3'] }), 400, /^Invalid input for field\/attribute alpn_protocols\. Value: .*h3/);
  });

  it('rejects default_pool and l7policies outside a load balancer graph', async () => {
    const res = await post({ default_pool: { name: 'p', protocol: 'HTTP', lb_algorithm: 'ROUND_ROBIN' } });
    assert.equal(res.status, 400, res.text);
    assert.equal(res.body.faultcode, 'Client');
  });

  it('left nothing behind', async () => {
    const list = await api().get(`${LISTENERS}?loadbalancer_id=${lbId}`);
    assert.deepEqual(list.body.listeners, []);
  });
});

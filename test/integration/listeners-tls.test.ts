// Listener TLS rules on create: which protocols take certificate references, what TERMINATED_HTTPS requires,
// client authentication (CA, CRL), readable certificates, and the TLS version / ALPN / cipher checks.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeEachDatabase } from '../support/matrix.js';
import { assertFault, createLb, waitActive } from '../support/fixtures.js';
import { createTlsStore } from '../support/tls-store.js';

const LISTENERS = '/v2/lbaas/listeners';

const store = createTlsStore();
before(() => {
  store.writeServerCert('server');
  store.writeServerCert('sni-a', 'a.example.test');
  store.writeServerCert('sni-b', 'b.example.test');
  store.writeCaAndCrl('client-ca', 'client-crl');
  store.writeCaAndCrl('other-ca', 'other-crl');
  store.writeRaw('not-a-cert', 'hello\n');
});
after(() => store.remove());

describeEachDatabase(
  'listener TLS on create',
  (api) => {
    let lbId = '';
    let port = 1000;
    before(async () => {
      lbId = (await createLb(api())).id;
    });
    // every attempt gets its own port so a success never turns a later case into a port conflict
    const post = (protocol: string, extra: Record<string, unknown>) =>
      api().post(LISTENERS, { listener: { loadbalancer_id: lbId, protocol, protocol_port: port++, ...extra } });
    const created = async (protocol: string, extra: Record<string, unknown>) => {
      const res = await post(protocol, extra);
      assert.equal(res.status, 201, res.text);
      await waitActive(api(), lbId);
      return res.body.listener;
    };

    it('requires a default or SNI certificate on TERMINATED_HTTPS', async () => {
      assertFault(
        await post('TERMINATED_HTTPS', {}),
        400,
        'Validation failure: An SNI or default certificate container reference must be provided for TERMINATED_HTTPS protocol listeners.',
      );
      const sniOnly = await created('TERMINATED_HTTPS', { sni_container_refs: ['sni-a', 'sni-b'] });
      assert.equal(sniOnly.default_tls_container_ref, null);
      assert.deepEqual([...sniOnly.sni_container_refs].sort(), ['sni-a', 'sni-b']);
      const both = await created('TERMINATED_HTTPS', { default_tls_container_ref: 'server', sni_container_refs: ['sni-a'] });
      assert.equal(both.default_tls_container_ref, 'server');
      assert.deepEqual(both.sni_container_refs, ['sni-a']);
    });

    it('answers 400 for certificates it cannot read', async () => {
      assertFault(
        await post('TERMINATED_HTTPS', { default_tls_container_ref: 'missing' }),
        400,
        "Could not retrieve certificate: ['missing']",
      );
      assertFault(
        await post('TERMINATED_HTTPS', { default_tls_container_ref: 'not-a-cert' }),
        400,
        "Could not retrieve certificate: ['not-a-cert']",
      );
      assertFault(
        await post('TERMINATED_HTTPS', { default_tls_container_ref: 'server', sni_container_refs: ['sni-a', 'gone'] }),
        400,
        "Could not retrieve certificate: ['gone']",
      );
    });

    it('refuses certificate references on protocols that do not terminate TLS', async () => {
      for (const protocol of ['HTTP', 'TCP', 'HTTPS']) {
        const msg = `Validation failure: Certificate container references are not allowed on ${protocol} protocol listeners.`;
        assertFault(await post(protocol, { default_tls_container_ref: 'server' }), 400, msg);
        assertFault(await post(protocol, { sni_container_refs: ['sni-a'] }), 400, msg);
        assertFault(await post(protocol, { client_ca_tls_container_ref: 'client-ca' }), 400, msg);
      }
      for (const protocol of ['UDP', 'SCTP']) {
        assertFault(
          await post(protocol, { default_tls_container_ref: 'server' }),
          400,
          `Validation failure: ${protocol} protocol listener does not support TLS.`,
        );
      }
    });

    it('lets a PROMETHEUS listener serve TLS', async () => {
      const l = await created('PROMETHEUS', { default_tls_container_ref: 'server' });
      assert.equal(l.default_tls_container_ref, 'server');
      assert.equal(l.client_authentication, 'NONE');
    });

    it('applies the client authentication rules', async () => {
      assertFault(
        await post('TERMINATED_HTTPS', { client_ca_tls_container_ref: 'client-ca' }),
        400,
        'Validation failure: An SNI or default certificate container reference must be provided with a client CA container reference.',
      );
      for (const mode of ['OPTIONAL', 'MANDATORY']) {
        assertFault(
          await post('TERMINATED_HTTPS', { default_tls_container_ref: 'server', client_authentication: mode }),
          400,
          `Validation failure: Client authentication setting ${mode} requires a client CA container reference.`,
        );
      }
      assertFault(
        await post('TERMINATED_HTTPS', { default_tls_container_ref: 'server', client_crl_container_ref: 'client-crl' }),
        400,
        'Validation failure: A client authentication CA reference is required to specify a client authentication revocation list.',
      );
      assertFault(
        await post('TERMINATED_HTTPS', { default_tls_container_ref: 'server', client_ca_tls_container_ref: 'nope' }),
        400,
        "Could not retrieve certificate: ['nope']",
      );
      assertFault(
        await post('TERMINATED_HTTPS', { default_tls_container_ref: 'server', client_ca_tls_container_ref: 'not-a-cert' }),
        400,
        /^Validation failure: The client authentication CA certificate is invalid\. It must be a valid x509 PEM format certificate\./,
      );
      assertFault(
        await post('TERMINATED_HTTPS', {
          default_tls_container_ref: 'server',
          client_ca_tls_container_ref: 'client-ca',
          client_crl_container_ref: 'not-a-cert',
        }),
        400,
        new RegExp(
          String.raw`^Validation failure: The client authentication certificate revocation list is invalid\. ` +
            String.raw`It must be a valid x509 PEM format certificate revocation list\.`,
        ),
      );
    });

    it('creates a mutual-TLS listener', async () => {
      const l = await created('TERMINATED_HTTPS', {
        default_tls_container_ref: 'server',
        client_ca_tls_container_ref: 'client-ca',
        client_crl_container_ref: 'client-crl',
        client_authentication: 'MANDATORY',
      });
      assert.equal(l.client_ca_tls_container_ref, 'client-ca');
      assert.equal(l.client_crl_container_ref, 'client-crl');
      assert.equal(l.client_authentication, 'MANDATORY');
      const optional = await created('TERMINATED_HTTPS', {
        default_tls_container_ref: 'server',
        client_ca_tls_container_ref: 'client-ca',
        client_authentication: 'OPTIONAL',
      });
      assert.equal(optional.client_authentication, 'OPTIONAL');
      assert.equal(optional.client_crl_container_ref, null);
    });

    it('checks TLS versions, ALPN protocols and ciphers', async () => {
      const base = { default_tls_container_ref: 'server' };
      assertFault(
        await post('TERMINATED_HTTPS', { ...base, tls_versions: [] }),
        400,
        'Validation failure: Empty TLS version list. Either specify at least one TLS version or remove this parameter to use the default.',
      );
      assertFault(
        await post('TERMINATED_HTTPS', { ...base, tls_versions: ['TLSv1.2', 'TLSv9'] }),
        400,
        'Validation failure: Invalid TLS versions: TLSv9',
      );
      assertFault(
        await post('TERMINATED_HTTPS', { ...base, alpn_protocols: [] }),
        400,
        'Validation failure: Empty ALPN protocol list. Either specify at least one ALPN protocol or remove this parameter to use ' +
          'the default.',
      );
      assertFault(
        await post('TERMINATED_HTTPS', { ...base, tls_ciphers: 'ECDHE-RSA-AES256-GCM-SHA384 ;rm' }),
        400,
        'Validation failure: Invalid characters in cipher string. Only alphanumeric, -, +, !, :, @, =, _, and . are allowed.',
      );
      const l = await created('TERMINATED_HTTPS', {
        ...base,
        tls_versions: ['TLSv1.3'],
        alpn_protocols: ['h2'],
        tls_ciphers: 'ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256',
      });
      assert.deepEqual(l.tls_versions, ['TLSv1.3']);
      assert.deepEqual(l.alpn_protocols, ['h2']);
      assert.equal(l.tls_ciphers, 'ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256');
    });

    // last: should this wrongly succeed, the extra listener cannot disturb the cases above
    it('refuses a CRL that the client CA did not sign', async () => {
      assertFault(
        await post('TERMINATED_HTTPS', {
          default_tls_container_ref: 'server',
          client_ca_tls_container_ref: 'client-ca',
          client_crl_container_ref: 'other-crl',
        }),
        400,
        'Validation failure: The CRL specified is not valid for client certificate authority reference supplied.',
      );
    });
  },
  { DEFAULT: { state_path: store.statePath } },
);

// Listener TLS rules on update: certificate changes, client authentication changes, and null resetting the TLS
// options of a TERMINATED_HTTPS listener to the configured defaults.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeEachDatabase } from '../support/matrix.js';
import type { TestApi } from '../support/api-harness.js';
import { assertFault, createLb, createListener, waitActive } from '../support/fixtures.js';
import { createTlsStore } from '../support/tls-store.js';

const LISTENERS = '/v2/lbaas/listeners';
const DEFAULT_CIPHERS =
  'TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256:DHE-RSA-AES256-GCM-SHA384:' +
  'DHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-SHA256:' +
  'DHE-RSA-AES128-SHA256:ECDHE-RSA-AES256-SHA384:ECDHE-RSA-AES128-SHA256';

const store = createTlsStore();
before(() => {
  store.writeServerCert('server');
  store.writeServerCert('sni-a', 'a.example.test');
  store.writeServerCert('sni-b', 'b.example.test');
  store.writeCaAndCrl('client-ca', 'client-crl');
});
after(() => store.remove());

async function put(api: TestApi, lbId: string, id: string, fields: Record<string, unknown>): Promise<any> {
  const res = await api.put(`${LISTENERS}/${id}`, { listener: fields });
  assert.equal(res.status, 200, res.text);
  await waitActive(api, lbId);
  return (await api.get(`${LISTENERS}/${id}`)).body.listener;
}

describeEachDatabase(
  'listener TLS on update',
  (api) => {
    it('resets TLS versions, ALPN, ciphers and SNI on null', async () => {
      const lb = await createLb(api());
      const l = await createListener(api(), lb.id, {
        protocol: 'TERMINATED_HTTPS',
        protocol_port: 443,
        default_tls_container_ref: 'server',
        sni_container_refs: ['sni-a'],
        tls_versions: ['TLSv1.3'],
        alpn_protocols: ['h2'],
        tls_ciphers: 'ECDHE-RSA-AES256-GCM-SHA384',
      });
      assert.deepEqual(l.tls_versions, ['TLSv1.3']);
      const shown = await put(api(), lb.id, l.id, {
        tls_versions: null,
        alpn_protocols: null,
        tls_ciphers: null,
        sni_container_refs: null,
      });
      assert.deepEqual(shown.tls_versions, ['TLSv1.2', 'TLSv1.3']);
      assert.deepEqual(shown.alpn_protocols, ['h2', 'http/1.1', 'http/1.0']);
      assert.equal(shown.tls_ciphers, DEFAULT_CIPHERS);
      assert.deepEqual(shown.sni_container_refs, []);
      assert.equal(shown.default_tls_container_ref, 'server');
    });

    it('changes certificates only to readable ones', async () => {
      const lb = await createLb(api());
      const l = await createListener(api(), lb.id, {
        protocol: 'TERMINATED_HTTPS',
        protocol_port: 443,
        default_tls_container_ref: 'server',
      });
      const changed = await put(api(), lb.id, l.id, { default_tls_container_ref: 'sni-b', sni_container_refs: ['sni-a'] });
      assert.equal(changed.default_tls_container_ref, 'sni-b');
      assert.deepEqual(changed.sni_container_refs, ['sni-a']);
      assertFault(
        await api().put(`${LISTENERS}/${l.id}`, { listener: { default_tls_container_ref: 'missing' } }),
        400,
        "Could not retrieve certificate: ['missing']",
      );
      assertFault(
        await api().put(`${LISTENERS}/${l.id}`, { listener: { sni_container_refs: ['lost'] } }),
        400,
        "Could not retrieve certificate: ['lost']",
      );
      assertFault(
        await api().put(`${LISTENERS}/${l.id}`, { listener: { tls_versions: [] } }),
        400,
        'Validation failure: Empty TLS version list. Either specify at least one TLS version or remove this parameter to use the default.',
      );
      assertFault(
        await api().put(`${LISTENERS}/${l.id}`, { listener: { tls_versions: ['SSLv2'] } }),
        400,
        'Validation failure: Invalid TLS versions: SSLv2',
      );
      assertFault(
        await api().put(`${LISTENERS}/${l.id}`, { listener: { alpn_protocols: [] } }),
        400,
        'Validation failure: Empty ALPN protocol list. Either specify at least one ALPN protocol or remove this parameter to use ' +
          'the default.',
      );
      const shown = (await api().get(`${LISTENERS}/${l.id}`)).body.listener;
      assert.equal(shown.default_tls_container_ref, 'sni-b');
      assert.deepEqual(shown.tls_versions, ['TLSv1.2', 'TLSv1.3']);
    });

    it('turns client authentication on and off', async () => {
      const lb = await createLb(api());
      const l = await createListener(api(), lb.id, {
        protocol: 'TERMINATED_HTTPS',
        protocol_port: 443,
        default_tls_container_ref: 'server',
      });
      assertFault(
        await api().put(`${LISTENERS}/${l.id}`, { listener: { client_authentication: 'MANDATORY' } }),
        400,
        'Validation failure: Client authentication setting MANDATORY requires a client CA container reference.',
      );
      assertFault(
        await api().put(`${LISTENERS}/${l.id}`, { listener: { client_crl_container_ref: 'client-crl' } }),
        400,
        'Validation failure: A client authentication CA reference is required to specify a client authentication revocation list.',
      );
      const on = await put(api(), lb.id, l.id, { client_ca_tls_container_ref: 'client-ca', client_authentication: 'MANDATORY' });
      assert.equal(on.client_ca_tls_container_ref, 'client-ca');
      assert.equal(on.client_authentication, 'MANDATORY');
      // the stored CA satisfies later changes
      const optional = await put(api(), lb.id, l.id, { client_authentication: 'OPTIONAL', client_crl_container_ref: 'client-crl' });
      assert.equal(optional.client_authentication, 'OPTIONAL');
      assert.equal(optional.client_crl_container_ref, 'client-crl');
      const noCrl = await put(api(), lb.id, l.id, { client_crl_container_ref: null });
      assert.equal(noCrl.client_crl_container_ref, null);
      assert.equal(noCrl.client_ca_tls_container_ref, 'client-ca');
      const off = await put(api(), lb.id, l.id, { client_authentication: null, client_ca_tls_container_ref: null });
      assert.equal(off.client_authentication, 'NONE');
      assert.equal(off.client_ca_tls_container_ref, null);
    });

    it('refuses TLS on listeners that do not terminate it', async () => {
      const lb = await createLb(api());
      const http = await createListener(api(), lb.id, { protocol: 'HTTP', protocol_port: 80 });
      for (const fields of [
        { default_tls_container_ref: 'server' },
        { sni_container_refs: ['sni-a'] },
        { client_ca_tls_container_ref: 'client-ca' },
      ]) {
        assertFault(
          await api().put(`${LISTENERS}/${http.id}`, { listener: fields }),
          400,
          'Validation failure: Certificate container references are not allowed on HTTP protocol listeners.',
        );
      }
      const udp = await createListener(api(), lb.id, { protocol: 'UDP', protocol_port: 53 });
      for (const fields of [{ default_tls_container_ref: 'server' }, { insert_headers: { 'X-Forwarded-For': 'true' } }]) {
        assertFault(
          await api().put(`${LISTENERS}/${udp.id}`, { listener: fields }),
          400,
          'Validation failure: UDP protocol listener does not support TLS or header insertion.',
        );
      }
      const shown = (await api().get(`${LISTENERS}/${http.id}`)).body.listener;
      assert.equal(shown.default_tls_container_ref, null);
      assert.deepEqual(shown.sni_container_refs, []);
    });
  },
  { DEFAULT: { state_path: store.statePath } },
);

// Deployment switches for listener TLS: minimum TLS version, prohibited ciphers, and disabling TLS-terminated
// or PROMETHEUS listeners altogether.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeEachDatabase } from '../support/matrix.js';
import { assertFault, createLb, createListener } from '../support/fixtures.js';
import { createTlsStore } from '../support/tls-store.js';

const LISTENERS = '/v2/lbaas/listeners';

const store = createTlsStore();
before(() => store.writeServerCert('server'));
after(() => store.remove());

describeEachDatabase(
  'listener TLS minimum version and cipher prohibit list',
  (api) => {
    it('refuses TLS versions below the minimum on create and update', async () => {
      const lb = await createLb(api());
      const base = { loadbalancer_id: lb.id, protocol: 'TERMINATED_HTTPS', default_tls_container_ref: 'server' };
      assertFault(
        await api().post(LISTENERS, { listener: { ...base, protocol_port: 443, tls_versions: ['TLSv1', 'TLSv1.1', 'TLSv1.2'] } }),
        400,
        'Validation failure: Requested TLS versions are less than the minimum: TLSv1, TLSv1.1 < TLSv1.2',
      );
      const l = await createListener(api(), lb.id, { ...base, protocol_port: 443, tls_versions: ['TLSv1.2'] });
      assert.deepEqual(l.tls_versions, ['TLSv1.2']);
      assertFault(
        await api().put(`${LISTENERS}/${l.id}`, { listener: { tls_versions: ['SSLv3'] } }),
        400,
        'Validation failure: Requested TLS versions are less than the minimum: SSLv3 < TLSv1.2',
      );
    });

    it('refuses prohibited ciphers on create and update', async () => {
      const lb = await createLb(api());
      const base = { loadbalancer_id: lb.id, protocol: 'TERMINATED_HTTPS', default_tls_container_ref: 'server' };
      assertFault(
        await api().post(LISTENERS, {
          listener: { ...base, protocol_port: 443, tls_ciphers: 'ECDHE-RSA-AES128-GCM-SHA256:DES-CBC3-SHA:RC4-MD5' },
        }),
        400,
        'Validation failure: The following ciphers have been prohibited by an administrator: DES-CBC3-SHA, RC4-MD5',
      );
      const l = await createListener(api(), lb.id, { ...base, protocol_port: 443, tls_ciphers: 'ECDHE-RSA-AES128-GCM-SHA256' });
      assertFault(
        await api().put(`${LISTENERS}/${l.id}`, { listener: { tls_ciphers: 'RC4-MD5' } }),
        400,
        'Validation failure: The following ciphers have been prohibited by an administrator: RC4-MD5',
      );
      assert.equal((await api().get(`${LISTENERS}/${l.id}`)).body.listener.tls_ciphers, 'ECDHE-RSA-AES128-GCM-SHA256');
    });
  },
  {
    DEFAULT: { state_path: store.statePath },
    api_settings: { minimum_tls_version: 'TLSv1.2', tls_cipher_prohibit_list: 'DES-CBC3-SHA:RC4-MD5' },
  },
);

describeEachDatabase(
  'listener protocols disabled by configuration',
  (api) => {
    it('refuses TERMINATED_HTTPS, TLS PROMETHEUS and PROMETHEUS when disabled', async () => {
      const lb = await createLb(api());
      const post = (protocol: string, extra: Record<string, unknown> = {}) =>
        api().post(LISTENERS, { listener: { loadbalancer_id: lb.id, protocol, protocol_port: 443, ...extra } });
      assertFault(
        await post('TERMINATED_HTTPS', { default_tls_container_ref: 'server' }),
        400,
        'The selected protocol is not allowed in this deployment: TERMINATED_HTTPS',
      );
      assertFault(
        await post('PROMETHEUS', { default_tls_container_ref: 'server' }),
        400,
        'The selected protocol is not allowed in this deployment: PROMETHEUS with TLS',
      );
      assertFault(await post('PROMETHEUS'), 400, 'The selected protocol is not allowed in this deployment: PROMETHEUS');
      // plain protocols are unaffected
      const http = await createListener(api(), lb.id, { protocol: 'HTTP', protocol_port: 443 });
      assert.equal(http.protocol, 'HTTP');
    });
  },
  {
    DEFAULT: { state_path: store.statePath },
    api_settings: { allow_tls_terminated_listeners: false, allow_prometheus_listeners: false },
  },
);

// A certificate reference names a file inside the local store and nothing else: host paths, file:// URLs, parent
// steps, symlinks (also into the store), FIFOs, directories and files over 1 MiB all answer exactly as a name that
// does not exist, through every field and every request that takes one.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import type { ApiResponse, TestApi } from '../support/api-harness.js';
import { createLb, createListener, createPool, LB, VIP_SUBNET } from '../support/fixtures.js';
import { describeEachDatabase } from '../support/matrix.js';
import { createTlsStore } from '../support/tls-store.js';

const MISSING = 'no-such-cert';
const TWO_MIB = 2 * 1024 * 1024;
const HOSTILE_REFS = [
  '/etc/shadow',
  '/etc/passwd',
  'file:///etc/hostname',
  '../../etc/passwd',
  '/dev/zero',
  'link-out', // symlink in the store to a host file
  'link-in', // symlink in the store to a valid certificate of the store
  'fifo', // a FIFO in the store: must neither be read nor block the request
  'big', // a valid certificate padded to 2 MiB
  'subdir', // a directory in the store
];

const store = createTlsStore();
before(() => {
  store.writeServerCert('server');
  store.writeCaAndCrl('client-ca', 'client-crl');
  symlinkSync('/etc/passwd', join(store.certDir, 'link-out.pem'));
  symlinkSync(join(store.certDir, 'server.pem'), join(store.certDir, 'link-in.pem'));
  execFileSync('mkfifo', [join(store.certDir, 'fifo.pem')]);
  const valid = readFileSync(join(store.certDir, 'server.pem'), 'utf8');
  writeFileSync(join(store.certDir, 'big.pem'), valid + '#'.repeat(TWO_MIB - valid.length), { mode: 0o600 });
  mkdirSync(join(store.certDir, 'subdir.pem'));
});
after(() => store.remove());

describeEachDatabase(
  'certificate references stay inside the local store',
  (api) => {
    let lbId = '';
    let listenerId = '';
    let poolId = '';
    let port = 2000;
    before(async () => {
      lbId = (await createLb(api())).id;
      listenerId = (
        await createListener(api(), lbId, { protocol: 'TERMINATED_HTTPS', protocol_port: 443, default_tls_container_ref: 'server' })
      ).id;
      poolId = (await createPool(api(), lbId)).id;
    });

    const listener = (fields: Record<string, unknown>) =>
      api().post('/v2/lbaas/listeners', {
        listener: { loadbalancer_id: lbId, protocol: 'TERMINATED_HTTPS', protocol_port: port++, ...fields },
      });
    const graph = (body: Record<string, unknown>) => api().post(LB, { loadbalancer: { vip_subnet_id: VIP_SUBNET, ...body } });
    const requests: Record<string, (ref: string) => Promise<ApiResponse>> = {
      'pool create, ca_tls_container_ref': (ref) =>
        api().post('/v2/lbaas/pools', {
          pool: { loadbalancer_id: lbId, protocol: 'HTTP', lb_algorithm: 'ROUND_ROBIN', ca_tls_container_ref: ref },
        }),
      'pool create, tls_container_ref': (ref) =>
        api().post('/v2/lbaas/pools', {
          pool: { loadbalancer_id: lbId, protocol: 'HTTP', lb_algorithm: 'ROUND_ROBIN', tls_container_ref: ref },
        }),
      'pool update, ca_tls_container_ref': (ref) => api().put(`/v2/lbaas/pools/${poolId}`, { pool: { ca_tls_container_ref: ref } }),
      'listener create, default_tls_container_ref': (ref) => listener({ default_tls_container_ref: ref }),
      'listener create, sni_container_refs': (ref) => listener({ sni_container_refs: [ref] }),
      'listener create, client_ca_tls_container_ref': (ref) =>
        listener({ default_tls_container_ref: 'server', client_ca_tls_container_ref: ref }),
      'listener create, client_crl_container_ref': (ref) =>
        listener({ default_tls_container_ref: 'server', client_ca_tls_container_ref: 'client-ca', client_crl_container_ref: ref }),
      'listener update, default_tls_container_ref': (ref) =>
        api().put(`/v2/lbaas/listeners/${listenerId}`, { listener: { default_tls_container_ref: ref } }),
      'listener update, client_ca_tls_container_ref': (ref) =>
        api().put(`/v2/lbaas/listeners/${listenerId}`, { listener: { client_ca_tls_container_ref: ref } }),
      'graph create, listener default_tls_container_ref': (ref) =>
        graph({ listeners: [{ protocol: 'TERMINATED_HTTPS', protocol_port: 443, default_tls_container_ref: ref }] }),
      'graph create, pool ca_tls_container_ref': (ref) =>
        graph({ pools: [{ name: 'p', protocol: 'HTTP', lb_algorithm: 'ROUND_ROBIN', ca_tls_container_ref: ref }] }),
    };

    for (const [name, send] of Object.entries(requests)) {
      it(`${name}: every reference outside the store answers as a missing one`, async () => {
        const missing = await send(MISSING);
        assert.equal(missing.status, 400, missing.text);
        assert.equal(missing.body.faultstring, `Could not retrieve certificate: ['${MISSING}']`);
        for (const ref of HOSTILE_REFS) {
          const res = await send(ref);
          assert.equal(res.status, missing.status, `${ref}: ${res.text}`);
          assert.equal(res.text, missing.text.replace(`'${MISSING}'`, `'${ref}'`), ref);
        }
        await assertStillActive(api());
      });
    }

    // nothing was created or changed by the refused requests: the load balancer was never locked
    async function assertStillActive(a: TestApi): Promise<void> {
      const lb = (await a.get(`${LB}/${lbId}`)).body.loadbalancer;
      assert.equal(lb.provisioning_status, 'ACTIVE');
      assert.deepEqual(lb.listeners, [{ id: listenerId }]);
    }
  },
  { DEFAULT: { state_path: store.statePath } },
);

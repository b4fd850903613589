// Certificate fetches run before the API's write transaction: at the moment the certificate manager is called, the
// database (asked from a connection of its own) holds no open write transaction, for every request that reads a
// certificate reference. A fetch inside the transaction would hold the write lock for as long as the store takes.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CertManager } from '../../src/drivers/certificates/cert-manager.js';
import { startApi, type TestApi } from '../support/api-harness.js';
import { createTestDatabase, testDialects, type TestDatabase } from '../support/databases.js';
import { createLb, createListener, createPool, LB, VIP_SUBNET, waitActive } from '../support/fixtures.js';
import { createTlsStore } from '../support/tls-store.js';
import { openWriteLockProbe, type WriteLockProbe } from '../support/write-lock-probe.js';

interface Fetch {
  readonly ref: string;
  readonly inWriteTransaction: boolean;
}

const store = createTlsStore();
before(() => {
  store.writeServerCert('server');
  store.writeServerCert('sni-a', 'a.example.test');
  store.writeCaAndCrl('client-ca', 'client-crl');
});
after(() => store.remove());

for (const dialect of testDialects()) {
  describe(`certificate fetches happen outside the write transaction [${dialect}]`, () => {
    let database: TestDatabase;
    let probe: WriteLockProbe;
    let api: TestApi;
    const fetches: Fetch[] = [];
    const observed = (configured: CertManager): CertManager => {
      const record = async (ref: string) => {
        fetches.push({ ref, inWriteTransaction: await probe.writeTransactionOpen() });
      };
      return {
        name: configured.name,
        async getCertificate(ref) {
          await record(ref);
          return configured.getCertificate(ref);
        },
        async getSecret(ref) {
          await record(ref);
          return configured.getSecret(ref);
        },
      };
    };
    before(async () => {
      database = await createTestDatabase(dialect);
      probe = openWriteLockProbe(database);
      api = await startApi(dialect, { DEFAULT: { state_path: store.statePath } }, { database, wrapCerts: observed });
    });
    after(async () => {
      await api?.close();
      await probe?.close();
      await database?.drop();
    });

    /** Runs a request and returns the fetches it made; each must have happened with no write transaction open. */
    async function fetchesOf(send: () => Promise<{ status: number; text: string }>, status: number): Promise<string[]> {
      fetches.length = 0;
      const res = await send();
      assert.equal(res.status, status, res.text);
      assert.ok(fetches.length > 0, 'the request read its certificates');
      for (const f of fetches) assert.equal(f.inWriteTransaction, false, `${f.ref} was fetched inside a write transaction`);
      return fetches.map((f) => f.ref).sort();
    }

    it('the probe sees a write transaction that is open', async () => {
      const lb = await createLb(api);
      assert.equal(await probe.writeTransactionOpen(), false);
      await api.runtime.database.db.transaction().execute(async (tx) => {
        await tx.updateTable('load_balancer').set({ name: 'probed' }).where('id', '=', lb.id).execute();
        assert.equal(await probe.writeTransactionOpen(), true);
      });
      assert.equal(await probe.writeTransactionOpen(), false);
    });

    it('listener create and update', async () => {
      const lb = await createLb(api);
      const tls = {
        default_tls_container_ref: 'server',
        sni_container_refs: ['sni-a'],
        client_ca_tls_container_ref: 'client-ca',
        client_crl_container_ref: 'client-crl',
      };
      let listenerId = '';
      const refs = await fetchesOf(async () => {
        const res = await api.post('/v2/lbaas/listeners', {
          listener: { loadbalancer_id: lb.id, protocol: 'TERMINATED_HTTPS', protocol_port: 443, ...tls },
        });
        listenerId = res.body?.listener?.id;
        return res;
      }, 201);
      assert.deepEqual(refs, ['client-ca', 'client-crl', 'server', 'sni-a']);
      await waitActive(api, lb.id);
      await fetchesOf(() => api.put(`/v2/lbaas/listeners/${listenerId}`, { listener: { default_tls_container_ref: 'sni-a' } }), 200);
      await waitActive(api, lb.id);
      // a refused certificate is refused from the pre-fetch, inside the transaction, with Octavia's message
      await fetchesOf(
        () =>
          api.post('/v2/lbaas/listeners', {
            listener: { loadbalancer_id: lb.id, protocol: 'TERMINATED_HTTPS', protocol_port: 444, default_tls_container_ref: 'gone' },
          }),
        400,
      );
    });

    it('pool create and update', async () => {
      const lb = await createLb(api);
      await createListener(api, lb.id);
      let poolId = '';
      await fetchesOf(async () => {
        const res = await api.post('/v2/lbaas/pools', {
          pool: {
            loadbalancer_id: lb.id,
            protocol: 'HTTP',
            lb_algorithm: 'ROUND_ROBIN',
            tls_container_ref: 'server',
            ca_tls_container_ref: 'client-ca',
            crl_container_ref: 'client-crl',
          },
        });
        poolId = res.body?.pool?.id;
        return res;
      }, 201);
      await waitActive(api, lb.id);
      await fetchesOf(() => api.put(`/v2/lbaas/pools/${poolId}`, { pool: { tls_container_ref: 'sni-a' } }), 200);
      await waitActive(api, lb.id);
      const other = await createPool(api, lb.id);
      await fetchesOf(() => api.put(`/v2/lbaas/pools/${other.id}`, { pool: { ca_tls_container_ref: 'client-ca' } }), 200);
      // the provider's completion is a transaction of its own: let it end before the next case probes
      await waitActive(api, lb.id);
    });

    it('load balancer graph create', async () => {
      const refs = await fetchesOf(
        () =>
          api.post(LB, {
            loadbalancer: {
              vip_subnet_id: VIP_SUBNET,
              listeners: [
                {
                  protocol: 'TERMINATED_HTTPS',
                  protocol_port: 443,
                  default_tls_container_ref: 'server',
                  client_ca_tls_container_ref: 'client-ca',
                  default_pool: { name: 'inline', protocol: 'HTTP', lb_algorithm: 'ROUND_ROBIN', tls_container_ref: 'sni-a' },
                },
              ],
              pools: [
                {
                  name: 'other',
                  protocol: 'HTTP',
                  lb_algorithm: 'ROUND_ROBIN',
                  ca_tls_container_ref: 'client-ca',
                  crl_container_ref: 'client-crl',
                },
              ],
            },
          }),
        201,
      );
      assert.deepEqual(refs, ['client-ca', 'client-crl', 'server', 'sni-a'], 'each reference fetched once');
    });
  });
}

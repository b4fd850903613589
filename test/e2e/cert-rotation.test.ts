// Issue 5, housekeeping's certificate rotation on a real amphora: an amphora whose server certificate is close to
// expiry (cert_expiration set near in the database) is given a new certificate through the agent's certificate
// update while a load loop runs against the VIP: zero failed requests, and a new TLS connection to the agent
// presents a certificate with a later notAfter than before.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connect, type PeerCertificate } from 'node:tls';
import { createLogger } from '../../src/common/logging.js';
import { nowTimestamp } from '../../src/common/time.js';
import { controllerClientCredentials } from '../../src/drivers/certificates/local-cert-generator.js';
import { rotateExpiringCertificates } from '../../src/housekeeping/cert-rotation.js';
import { startAmphoraApi, type AmphoraApi } from '../support/amphora-harness.js';
import { allocatedAmphorae, createGraph, type Graph, type LiveAmphora } from '../support/amphora-e2e.js';
import { type Backend, startBackend } from '../support/backends.js';
import { startLoad, type Load } from '../support/load.js';

/** The certificate the agent presents to a controller with a CA-signed client certificate. */
async function agentCertificate(api: AmphoraApi, amp: LiveAmphora): Promise<PeerCertificate> {
  const creds = await controllerClientCredentials(api.config);
  return new Promise((resolve, reject) => {
    const socket = connect({
      host: amp.lbNetworkIp,
      port: api.config.haproxy_amphora.bind_port,
      ca: creds.caPem,
      cert: creds.certPem,
      key: creds.keyPem,
      servername: amp.id,
      // identity is the amphora id in the certificate (the REST driver checks the same); chain checked against the CA
      checkServerIdentity: () => undefined,
    });
    socket.once('secureConnect', () => {
      const cert = socket.getPeerCertificate();
      socket.end();
      resolve(cert);
    });
    socket.once('error', reject);
  });
}

describe('e2e: amphora certificate rotation under traffic', () => {
  let api: AmphoraApi;
  let backends: Backend[];
  let graph: Graph;
  let load: Load | undefined;

  before(async () => {
    api = await startAmphoraApi({ health_manager: { heartbeat_interval: 1, heartbeat_timeout: 30, health_check_interval: 1 } });
    backends = await Promise.all(['c1', 'c2'].map((n) => startBackend(n)));
    graph = await createGraph(api, backends, { port: 18188 });
  });
  after(async () => {
    await load?.stop();
    await Promise.all((backends ?? []).map((b) => b.stop()));
    await api?.close();
  });

  it('a certificate close to expiry is rotated with zero failed requests; the agent presents the new one', async () => {
    const db = api.runtime.database.db;
    const [amp] = await allocatedAmphorae(api, graph.lbId);
    assert.ok(amp);
    const before = await agentCertificate(api, amp);
    assert.ok(
      before.subject.CN?.includes(amp.id) || JSON.stringify(before.subjectaltname ?? '').includes(amp.id),
      'the agent presents its own certificate',
    );

    // expiring in an hour: inside the default cert_expiry_buffer (14 days); other amphorae (none here) untouched
    const soon = nowTimestamp(new Date(Date.now() + 3600_000));
    await db.updateTable('amphora').set({ cert_expiration: soon }).where('id', '=', amp.id).execute();

    load = startLoad(graph.url, { concurrency: 4, maxMs: 60_000 });
    await load.firstOkAfter(0, 10_000);
    // the certificate's notAfter has a resolution of one second: the new one must be measurably later
    await new Promise((r) => setTimeout(r, 1500));
    const rotatedAt = performance.now();
    const rotated = await rotateExpiringCertificates({
      db,
      certs: api.runtime.drivers.certs,
      amphora: api.runtime.drivers.amphora,
      log: createLogger(process.env.OCTAVIA_TEST_LOG_LEVEL ?? 'silent', 'cert-rotation'),
      validityS: api.config.certificates.cert_validity_time,
      expiryBufferS: api.config.house_keeping.cert_expiry_buffer,
      claimTimeoutS: api.config.house_keeping.cert_claim_timeout,
    });
    assert.deepEqual(rotated, [amp.id]);
    // keep the traffic going through and after the swap
    await new Promise((r) => setTimeout(r, 1000));
    await load.stop();
    const during = load.okCount(rotatedAt);
    assert.ok(during > 50, `traffic flowed across the rotation (${during} requests)`);
    assert.deepEqual(load.failures(), [], 'zero failed requests');

    const afterCert = await agentCertificate(api, amp);
    assert.ok(new Date(afterCert.valid_to) > new Date(before.valid_to), `notAfter ${afterCert.valid_to} is later than ${before.valid_to}`);
    assert.notEqual(afterCert.serialNumber, before.serialNumber, 'a new certificate');
    const row = await db.selectFrom('amphora').select(['cert_expiration', 'cert_busy']).where('id', '=', amp.id).executeTakeFirstOrThrow();
    assert.ok(String(row.cert_expiration) > soon, `cert_expiration moved forward: ${row.cert_expiration}`);
    assert.equal(row.cert_busy, 0);
    // a second pass finds nothing due
    assert.deepEqual(
      await rotateExpiringCertificates({
        db,
        certs: api.runtime.drivers.certs,
        amphora: api.runtime.drivers.amphora,
        log: createLogger('silent', 'cert-rotation'),
        validityS: api.config.certificates.cert_validity_time,
        expiryBufferS: api.config.house_keeping.cert_expiry_buffer,
        claimTimeoutS: api.config.house_keeping.cert_claim_timeout,
      }),
      [],
    );
  });
});

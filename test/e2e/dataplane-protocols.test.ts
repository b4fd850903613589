// Data plane through real amphorae (agent + HAProxy started by the process compute driver), by protocol: an HTTP
// listener with an HTTP health monitor round-robins over three members; a TCP listener; HTTPS passthrough (the
// client sees the member's own certificate); PROXY and PROXYV2 pools (the member reads the client's address from
// the PROXY header); insert_headers. All traffic stays on loopback: VIPs in 127.80.0.0/16, members on 127.0.0.1.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { LocalCa } from '../../src/drivers/certificates/local-ca.js';
import { startAmphoraApi, type AmphoraApi } from '../support/amphora-harness.js';
import { startBackend, type Backend } from '../support/backends.js';
import { eventually } from '../support/eventually.js';
import { httpGet } from '../support/http-client.js';
import { createServingLb, memberOf } from '../support/serving-lb.js';
import { tcpRead, tlsGet } from '../support/tcp-clients.js';

describe('data plane: listener and pool protocols', () => {
  let api: AmphoraApi;
  const backends: Backend[] = [];

  async function backendsNamed(names: string[], opts: Parameters<typeof startBackend>[1] = {}): Promise<Backend[]> {
    const started = await Promise.all(names.map((n) => startBackend(n, opts)));
    backends.push(...started);
    return started;
  }

  before(async () => {
    api = await startAmphoraApi();
  });

  after(async () => {
    await api?.close();
    await Promise.all(backends.map((b) => b.stop()));
  });

  it('HTTP listener, ROUND_ROBIN pool, three members, HTTP health monitor: requests reach all three in turn', async () => {
    const members = await backendsNamed(['http-a', 'http-b', 'http-c']);
    const lb = await createServingLb(api, {
      protocol: 'HTTP',
      protocol_port: 18000,
      default_pool: {
        protocol: 'HTTP',
        lb_algorithm: 'ROUND_ROBIN',
        members: members.map((b) => memberOf(b)),
        healthmonitor: { type: 'HTTP', delay: 1, timeout: 1, max_retries: 1, url_path: '/', expected_codes: '200' },
      },
    });
    const answers: string[] = [];
    for (let i = 0; i < 9; i++) answers.push((await httpGet(lb.url)).body);
    assert.deepEqual(new Set(answers), new Set(['http-a', 'http-b', 'http-c']), answers.join(','));
    // in turn: a fixed cycle of the three
    for (let i = 3; i < answers.length; i++) assert.equal(answers[i], answers[i - 3], answers.join(','));
    assert.equal(new Set(answers.slice(0, 3)).size, 3, answers.join(','));
    // the monitor really checks them: HAProxy's checks reach the members, and the API reports them ONLINE
    await eventually(
      'members ONLINE through heartbeats',
      async () => {
        const res = await api.get(`/v2/lbaas/pools/${lb.poolId}/members`);
        return res.body.members.every((m: any) => m.operating_status === 'ONLINE');
      },
      { timeoutMs: 20_000 },
    );
    const before = members.map((b) => b.hits);
    await eventually('health checks reach every member', () => members.every((b, i) => b.hits > before[i]!), { timeoutMs: 10_000 });
  });

  it('TCP listener and TCP pool: each connection reaches the next member', async () => {
    const members = await backendsNamed(['tcp-a', 'tcp-b', 'tcp-c'], { tcp: true });
    const lb = await createServingLb(api, {
      protocol: 'TCP',
      protocol_port: 18001,
      default_pool: { protocol: 'TCP', lb_algorithm: 'ROUND_ROBIN', members: members.map((b) => memberOf(b)) },
    });
    const answers: string[] = [];
    for (let i = 0; i < 6; i++) answers.push((await tcpRead(lb.vip, lb.port)).trim());
    assert.deepEqual(new Set(answers), new Set(['tcp-a', 'tcp-b', 'tcp-c']), answers.join(','));
    for (let i = 3; i < answers.length; i++) assert.equal(answers[i], answers[i - 3], answers.join(','));
  });

  it('HTTPS passthrough: the client completes TLS with the member and sees its certificate', async () => {
    const certs = await Promise.all(['tls-a', 'tls-b'].map((cn) => LocalCa.generate(cn, 3600)));
    const fingerprints = new Map<string, string>();
    const members: Backend[] = [];
    for (const [i, name] of ['tls-a', 'tls-b'].entries()) {
      const { certPem, keyPem } = certs[i]!;
      members.push(...(await backendsNamed([name], { tls: { cert: certPem, key: keyPem } })));
      fingerprints.set(name, fingerprintOf(certPem));
    }
    const lb = await createServingLb(api, {
      protocol: 'HTTPS',
      protocol_port: 18002,
      default_pool: {
        protocol: 'HTTPS',
        lb_algorithm: 'ROUND_ROBIN',
        members: members.map((b) => memberOf(b)),
        healthmonitor: { type: 'TLS-HELLO', delay: 1, timeout: 1, max_retries: 1 },
      },
    });
    const seen = new Set<string>();
    for (let i = 0; i < 4; i++) {
      const { body, peer } = await tlsGet(lb.vip, lb.port);
      // the certificate presented is the one of the member that answered: TLS went through untouched
      assert.equal(peer.fingerprint256, fingerprints.get(body), `answer ${body}`);
      assert.equal(peer.subject.CN, body);
      seen.add(body);
    }
    assert.deepEqual(seen, new Set(['tls-a', 'tls-b']));
  });

  it('PROXY pool behind an HTTP listener: the member reads the client address from a PROXY v1 header', async () => {
    const [member] = await backendsNamed(['proxy-v1'], { proxyProtocol: true });
    const lb = await createServingLb(api, {
      protocol: 'HTTP',
      protocol_port: 18003,
      default_pool: { protocol: 'PROXY', lb_algorithm: 'ROUND_ROBIN', members: [memberOf(member!)] },
    });
    const reply = await httpGet(lb.url, { localAddress: '127.0.0.5' });
    assert.equal(reply.status, 200);
    assert.equal(reply.body, 'proxy-v1');
    // PROXY TCP4 <client> <vip> <client port> <listener port>
    const fields = member!.lastProxy?.split(' ') ?? [];
    assert.deepEqual(fields.slice(0, 4), ['PROXY', 'TCP4', '127.0.0.5', lb.vip], member!.lastProxy ?? 'no PROXY header');
    assert.equal(fields[5], String(lb.port));
  });

  it('PROXYV2 pool behind a TCP listener: the member reads the client address from a PROXY v2 header', async () => {
    const [member] = await backendsNamed(['proxy-v2'], { proxyProtocol: true });
    const lb = await createServingLb(api, {
      protocol: 'TCP',
      protocol_port: 18004,
      default_pool: { protocol: 'PROXYV2', lb_algorithm: 'ROUND_ROBIN', members: [memberOf(member!)] },
    });
    const reply = await httpGet(lb.url, { localAddress: '127.0.0.6' });
    assert.equal(reply.status, 200);
    assert.equal(reply.body, 'proxy-v2');
    assert.equal(member!.lastProxy, 'v2 127.0.0.6');
  });

  it('insert_headers: the member sees X-Forwarded-For, X-Forwarded-Port and X-Forwarded-Proto', async () => {
    const [member] = await backendsNamed(['headers']);
    const lb = await createServingLb(api, {
      protocol: 'HTTP',
      protocol_port: 18005,
      insert_headers: { 'X-Forwarded-For': 'true', 'X-Forwarded-Port': 'true', 'X-Forwarded-Proto': 'true' },
      default_pool: { protocol: 'HTTP', lb_algorithm: 'ROUND_ROBIN', members: [memberOf(member!)] },
    });
    const reply = await httpGet(lb.url, { localAddress: '127.0.0.7', headers: { 'x-forwarded-proto': 'forged' } });
    assert.equal(reply.status, 200);
    const headers = member!.lastHeaders ?? {};
    assert.equal(headers['x-forwarded-for'], '127.0.0.7');
    assert.equal(headers['x-forwarded-port'], String(lb.port));
    // set-header replaces what the client sent
    assert.equal(headers['x-forwarded-proto'], 'http');
  });
});

function fingerprintOf(pem: string): string {
  const der = Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
  return createHash('sha256').update(der).digest('hex').toUpperCase().match(/../g)!.join(':');
}

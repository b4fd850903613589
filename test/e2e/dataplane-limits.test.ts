// Data plane through real amphorae: who may connect and how many at once. allowed_cidrs lets a client from an
// allowed source address through and refuses another (and an update through the API moves the line);
// connection_limit N: HAProxy keeps the N+1-th connection waiting at the frontend, the member never sees more than
// N at once, and the waiting one is served as soon as a slot frees.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startAmphoraApi, type AmphoraApi } from '../support/amphora-harness.js';
import { startBackend, type Backend } from '../support/backends.js';
import { startCountingBackend, type CountingBackend } from '../support/counting-backend.js';
import { eventually } from '../support/eventually.js';
import { httpGet } from '../support/http-client.js';
import { tally } from '../support/load.js';
import { createServingLb, memberOf, updateAndWait } from '../support/serving-lb.js';
import { holdConnection, type HeldConnection } from '../support/tcp-clients.js';

describe('data plane: allowed_cidrs and connection_limit', () => {
  let api: AmphoraApi;
  const backends: Backend[] = [];
  const counting: CountingBackend[] = [];

  before(async () => {
    api = await startAmphoraApi();
  });

  after(async () => {
    await api?.close();
    await Promise.all([...backends, ...counting].map((b) => b.stop()));
  });

  it('allowed_cidrs: a client from an allowed address gets through, one from another address is refused', async () => {
    const member = await startBackend('cidr');
    backends.push(member);
    const lb = await createServingLb(api, {
      protocol: 'HTTP',
      protocol_port: 18200,
      allowed_cidrs: ['127.0.0.2/32', '127.0.1.0/24'],
      default_pool: { protocol: 'HTTP', lb_algorithm: 'ROUND_ROBIN', members: [memberOf(member)] },
    });
    for (const allowed of ['127.0.0.2', '127.0.1.77']) {
      const t = await tally(lb.url, { count: 5, localAddress: allowed });
      assert.deepEqual(t.counts, { cidr: 5 }, `${allowed}: ${t.errors.join('; ')}`);
    }
    const hitsBefore = member.hits;
    const refused = await tally(lb.url, { count: 5, localAddress: '127.0.0.3' });
    assert.equal(refused.failures, 5, `127.0.0.3 got ${JSON.stringify(refused.counts)}`);
    // refused at the connection: HAProxy closes it before any HTTP answer
    for (const error of refused.errors) assert.match(error, /socket hang up|ECONNRESET/);
    assert.equal(member.hits, hitsBefore);

    // moving the list through the API moves who gets in
    await updateAndWait(api, lb.id, `/v2/lbaas/listeners/${lb.listenerId}`, { listener: { allowed_cidrs: ['127.0.0.3/32'] } });
    assert.deepEqual((await tally(lb.url, { count: 3, localAddress: '127.0.0.3' })).counts, { cidr: 3 });
    assert.equal((await tally(lb.url, { count: 3, localAddress: '127.0.0.2' })).failures, 3);
  });

  it('connection_limit: the member never sees more than N connections; the N+1-th waits until one closes', async () => {
    const limit = 2;
    const member = await startCountingBackend('limited');
    counting.push(member);
    const lb = await createServingLb(api, {
      protocol: 'TCP',
      protocol_port: 18201,
      connection_limit: limit,
      default_pool: { protocol: 'TCP', lb_algorithm: 'ROUND_ROBIN', members: [memberOf(member)] },
    });
    const held: HeldConnection[] = [];
    try {
      for (let i = 0; i < limit; i++) held.push(await holdConnection(lb.vip, lb.port));
      await eventually('held connections reach the member', () => member.current() === limit, { timeoutMs: 5000, intervalMs: 10 });

      // the kernel completes the TCP handshake (listen backlog), but HAProxy does not take the connection
      let answer: string | null = null;
      const waiting = httpGet(lb.url, { timeoutMs: 15_000 }).then((r) => (answer = r.body));
      await new Promise((r) => setTimeout(r, 1000));
      assert.equal(answer, null, 'the connection over the limit was served while the limit was reached');
      assert.equal(member.peak(), limit);

      held.shift()!.close();
      await waiting;
      assert.equal(answer, 'limited');

      // a burst of ten concurrent requests on top of the one still held: all served, never more than N at once
      const burst = await tally(lb.url, { count: 10, concurrency: 10, timeoutMs: 15_000 });
      assert.equal(burst.failures, 0, burst.errors.join('; '));
      assert.deepEqual(burst.counts, { limited: 10 });
      assert.equal(member.peak(), limit, `the member saw ${member.peak()} connections at once`);
    } finally {
      for (const h of held) h.close();
    }
  });
});

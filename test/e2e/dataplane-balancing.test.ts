// Data plane through real amphorae: which member serves a request. Each lb_algorithm (ROUND_ROBIN even,
// LEAST_CONNECTIONS around held-open connections, SOURCE_IP by client address), each session persistence type
// (SOURCE_IP, HTTP_COOKIE set by HAProxy, APP_COOKIE learnt from the member's APPSESSION cookie), member weights,
// backup members and a member set administratively down through the API.
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

describe('data plane: balancing, persistence, weights, backup and admin state', () => {
  let api: AmphoraApi;
  const backends: Backend[] = [];
  const counting: CountingBackend[] = [];

  async function backendsNamed(names: string[]): Promise<Backend[]> {
    const started = await Promise.all(names.map((n) => startBackend(n)));
    backends.push(...started);
    return started;
  }

  const httpPool = (members: Backend[], extra: Record<string, unknown> = {}) => ({
    protocol: 'HTTP',
    lb_algorithm: 'ROUND_ROBIN',
    members: members.map((b) => memberOf(b)),
    ...extra,
  });

  before(async () => {
    api = await startAmphoraApi();
  });

  after(async () => {
    await api?.close();
    await Promise.all([...backends, ...counting].map((b) => b.stop()));
  });

  it('ROUND_ROBIN spreads sequential requests evenly', async () => {
    const members = await backendsNamed(['rr-a', 'rr-b', 'rr-c']);
    const lb = await createServingLb(api, { protocol: 'HTTP', protocol_port: 18100, default_pool: httpPool(members) });
    const t = await tally(lb.url, { count: 90 });
    assert.equal(t.failures, 0, t.errors.join('; '));
    assert.deepEqual(t.counts, { 'rr-a': 30, 'rr-b': 30, 'rr-c': 30 });
  });

  it('LEAST_CONNECTIONS: new connections avoid the members that hold open connections', async () => {
    const members = await Promise.all(['lc-a', 'lc-b', 'lc-c'].map((n) => startCountingBackend(n)));
    counting.push(...members);
    const lb = await createServingLb(api, {
      protocol: 'TCP',
      protocol_port: 18101,
      default_pool: { protocol: 'TCP', lb_algorithm: 'LEAST_CONNECTIONS', members: members.map((b) => memberOf(b)) },
    });
    const open = () => members.reduce((n, m) => n + m.current(), 0);
    const held: HeldConnection[] = [];
    // Sequential requests, each sent only once the previous one is closed at the member too: HAProxy releases a
    // server's slot when the stream ends, which can be just after the client saw the answer.
    const requests = async (count: number): Promise<Record<string, number>> => {
      const counts: Record<string, number> = {};
      for (let i = 0; i < count; i++) {
        const reply = await httpGet(lb.url);
        assert.equal(reply.status, 200);
        counts[reply.body] = (counts[reply.body] ?? 0) + 1;
        await eventually('request closed at the member', () => open() === held.length, { timeoutMs: 5000, intervalMs: 5 });
      }
      return counts;
    };
    try {
      for (let i = 0; i < 2; i++) {
        held.push(await holdConnection(lb.vip, lb.port));
        // HAProxy connects a TCP stream to its member at once; wait for it so the next choice counts it
        await eventually('held connection reaches a member', () => open() === held.length, { timeoutMs: 5000, intervalMs: 5 });
        const busy = members.filter((m) => m.current() > 0).map((m) => m.name);
        assert.equal(busy.length, held.length, 'each held connection went to a member without one');
        const counts = await requests(12);
        for (const name of busy) assert.equal(counts[name], undefined, `${name} holds a connection but got ${JSON.stringify(counts)}`);
        // the others share the new requests (one held: two members alternate; two held: the third takes all)
        assert.equal(Object.keys(counts).length, 3 - held.length, JSON.stringify(counts));
      }
      // the held connections really belonged to the members that counted them
      const busy = members.filter((m) => m.current() > 0).map((m) => m.name);
      assert.deepEqual(new Set(await Promise.all(held.map((h) => h.finish()))), new Set(busy));
    } finally {
      for (const h of held) h.close();
    }
  });

  it('SOURCE_IP algorithm: one source address always reaches one member; different sources spread', async () => {
    const members = await backendsNamed(['src-a', 'src-b', 'src-c']);
    const lb = await createServingLb(api, {
      protocol: 'HTTP',
      protocol_port: 18102,
      default_pool: httpPool(members, { lb_algorithm: 'SOURCE_IP' }),
    });
    const bySource = new Map<string, string>();
    for (let host = 2; host <= 31; host++) {
      const source = `127.0.0.${host}`;
      const t = await tally(lb.url, { count: 4, localAddress: source });
      assert.equal(t.failures, 0, t.errors.join('; '));
      assert.equal(Object.keys(t.counts).length, 1, `${source} was served by ${JSON.stringify(t.counts)}`);
      bySource.set(source, Object.keys(t.counts)[0]!);
    }
    assert.ok(new Set(bySource.values()).size >= 2, `30 sources all hashed to one member: ${JSON.stringify([...bySource])}`);
  });

  it('SOURCE_IP session persistence: each client address sticks to the member it first reached', async () => {
    const members = await backendsNamed(['sp-a', 'sp-b', 'sp-c']);
    const lb = await createServingLb(api, {
      protocol: 'HTTP',
      protocol_port: 18103,
      default_pool: httpPool(members, { session_persistence: { type: 'SOURCE_IP' } }),
    });
    const sources = ['127.0.0.2', '127.0.0.3', '127.0.0.4'];
    const first = new Map<string, string>();
    for (const source of sources) first.set(source, (await httpGet(lb.url, { localAddress: source })).body);
    // round robin placed the three new clients on three members; the stick table keeps them there
    assert.equal(new Set(first.values()).size, 3, JSON.stringify([...first]));
    for (let round = 0; round < 4; round++) {
      for (const source of sources) assert.equal((await httpGet(lb.url, { localAddress: source })).body, first.get(source), source);
    }
  });

  it('HTTP_COOKIE session persistence: the cookie HAProxy sets keeps the client on one member', async () => {
    const members = await backendsNamed(['hc-a', 'hc-b', 'hc-c']);
    const lb = await createServingLb(api, {
      protocol: 'HTTP',
      protocol_port: 18104,
      default_pool: httpPool(members, { session_persistence: { type: 'HTTP_COOKIE' } }),
    });
    const first = await httpGet(lb.url);
    const srv = (first.headers['set-cookie'] ?? []).map((c) => /^SRV=([^;]*)/.exec(c)?.[1]).find((v) => v !== undefined);
    assert.ok(srv, `no SRV cookie in ${JSON.stringify(first.headers['set-cookie'])}`);
    // the cookie names the member by its id
    const owner = members.find((b) => b.name === first.body)!;
    assert.equal(srv, lb.memberIds.get(`${owner.host}:${owner.port}`));
    const sticky = await tally(lb.url, { count: 9, headers: { cookie: `SRV=${srv}` } });
    assert.equal(sticky.failures, 0, sticky.errors.join('; '));
    assert.deepEqual(sticky.counts, { [first.body]: 9 });
    // without the cookie the pool keeps round-robining
    const loose = await tally(lb.url, { count: 9 });
    assert.equal(Object.keys(loose.counts).length, 3, JSON.stringify(loose.counts));
  });

  it("APP_COOKIE session persistence: sending back the member's APPSESSION cookie sticks to it", async () => {
    const members = await backendsNamed(['ac-a', 'ac-b', 'ac-c']);
    const lb = await createServingLb(api, {
      protocol: 'HTTP',
      protocol_port: 18105,
      default_pool: httpPool(members, { session_persistence: { type: 'APP_COOKIE', cookie_name: 'APPSESSION' } }),
    });
    // round robin reaches each member once; each answers Set-Cookie APPSESSION=<its name>, which HAProxy learns
    const learnt = await tally(lb.url, { count: 3 });
    assert.deepEqual(learnt.counts, { 'ac-a': 1, 'ac-b': 1, 'ac-c': 1 });
    for (const name of ['ac-b', 'ac-c', 'ac-a']) {
      const sticky = await tally(lb.url, { count: 6, headers: { cookie: `APPSESSION=${name}` } });
      assert.equal(sticky.failures, 0, sticky.errors.join('; '));
      assert.deepEqual(sticky.counts, { [name]: 6 }, `APPSESSION=${name}`);
    }
  });

  it('weights 3:1 split 400 requests within ±10 %', async () => {
    const [heavy, light] = await backendsNamed(['w-heavy', 'w-light']);
    const lb = await createServingLb(api, {
      protocol: 'HTTP',
      protocol_port: 18106,
      default_pool: {
        protocol: 'HTTP',
        lb_algorithm: 'ROUND_ROBIN',
        members: [memberOf(heavy!, { weight: 3 }), memberOf(light!, { weight: 1 })],
      },
    });
    const t = await tally(lb.url, { count: 400, concurrency: 4 });
    assert.equal(t.failures, 0, t.errors.join('; '));
    const heavyShare = (t.counts['w-heavy'] ?? 0) / t.requests;
    assert.ok(Math.abs(heavyShare - 0.75) <= 0.1, `heavy member got ${JSON.stringify(t.counts)}`);
    assert.equal((t.counts['w-heavy'] ?? 0) + (t.counts['w-light'] ?? 0), 400);
  });

  it('a backup member gets traffic only while every non-backup member is down', async () => {
    const [a, c, spare] = await backendsNamed(['bk-a', 'bk-c', 'bk-spare']);
    const lb = await createServingLb(api, {
      protocol: 'HTTP',
      protocol_port: 18107,
      default_pool: {
        protocol: 'HTTP',
        lb_algorithm: 'ROUND_ROBIN',
        members: [memberOf(a!), memberOf(c!), memberOf(spare!, { backup: true })],
        healthmonitor: { type: 'HTTP', delay: 1, timeout: 1, max_retries: 1, max_retries_down: 1 },
      },
    });
    const all = await tally(lb.url, { count: 20 });
    assert.deepEqual(all.counts, { 'bk-a': 10, 'bk-c': 10 });

    await a!.stop();
    // one primary left: it takes everything, the backup still nothing
    const onlyC = await eventually(
      'bk-a marked down',
      async () => {
        const t = await tally(lb.url, { count: 10 });
        return t.counts['bk-c'] === 10 ? t : null;
      },
      { timeoutMs: 20_000 },
    );
    assert.equal(onlyC!.failures, 0);
    await c!.stop();
    const onlySpare = await eventually(
      'bk-c marked down, backup serving',
      async () => {
        const t = await tally(lb.url, { count: 10 });
        return t.counts['bk-spare'] === 10 ? t : null;
      },
      { timeoutMs: 20_000 },
    );
    assert.equal(onlySpare!.failures, 0);

    await a!.start();
    await eventually(
      'bk-a back, backup idle again',
      async () => {
        const t = await tally(lb.url, { count: 10 });
        return t.counts['bk-a'] === 10;
      },
      { timeoutMs: 20_000 },
    );
  });

  it('a member set admin_state_up=false through the API gets no traffic, and gets it back when re-enabled', async () => {
    const members = await backendsNamed(['adm-a', 'adm-b', 'adm-c']);
    const lb = await createServingLb(api, { protocol: 'HTTP', protocol_port: 18108, default_pool: httpPool(members) });
    const b = members[1]!;
    const bId = lb.memberIds.get(`${b.host}:${b.port}`)!;
    await updateAndWait(api, lb.id, `/v2/lbaas/pools/${lb.poolId}/members/${bId}`, { member: { admin_state_up: false } });
    const off = await tally(lb.url, { count: 30 });
    assert.equal(off.failures, 0, off.errors.join('; '));
    assert.deepEqual(off.counts, { 'adm-a': 15, 'adm-c': 15 });
    await updateAndWait(api, lb.id, `/v2/lbaas/pools/${lb.poolId}/members/${bId}`, { member: { admin_state_up: true } });
    const on = await tally(lb.url, { count: 30 });
    assert.deepEqual(on.counts, { 'adm-a': 10, 'adm-b': 10, 'adm-c': 10 });
  });
});

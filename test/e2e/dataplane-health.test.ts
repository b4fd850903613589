// Data plane through real amphorae while things change. Health checks: a member whose server stops is marked down
// by HAProxy's checks (delay × max_retries_down), gets no more traffic while requests keep succeeding, and gets
// traffic again once its server is back. Hitless updates: 20 member/pool/listener updates through the API, each
// applied by the agent with a checked HAProxy reload, while four request loops run against the VIP: no request fails.
// PING monitors run `ping` through HAProxy's external check.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startAmphoraApi, type AmphoraApi } from '../support/amphora-harness.js';
import { startBackend, type Backend } from '../support/backends.js';
import { eventually } from '../support/eventually.js';
import { startLoad, tally } from '../support/load.js';
import { amphoraOf, createServingLb, memberOf, memberStat, updateAndWait } from '../support/serving-lb.js';

describe('data plane: health checks and hitless updates', () => {
  let api: AmphoraApi;
  const backends: Backend[] = [];

  async function backendsNamed(names: string[]): Promise<Backend[]> {
    const started = await Promise.all(names.map((n) => startBackend(n)));
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

  it('a stopped member is marked down by the health monitor and skipped; it is used again once it is back', async () => {
    const members = await backendsNamed(['hm-a', 'hm-b', 'hm-c']);
    const monitor = { type: 'HTTP', delay: 1, timeout: 1, max_retries: 1, max_retries_down: 2 };
    const lb = await createServingLb(api, {
      protocol: 'HTTP',
      protocol_port: 18300,
      default_pool: { protocol: 'HTTP', lb_algorithm: 'ROUND_ROBIN', members: members.map((b) => memberOf(b)), healthmonitor: monitor },
    });
    const { lbDir } = await amphoraOf(api, lb.id);
    const b = members[1]!;
    const bId = lb.memberIds.get(`${b.host}:${b.port}`)!;
    const bStatus = async () => (await api.get(`/v2/lbaas/pools/${lb.poolId}/members/${bId}`)).body.member.operating_status;
    const baseline = await tally(lb.url, { count: 9 });
    assert.deepEqual(baseline.counts, { 'hm-a': 3, 'hm-b': 3, 'hm-c': 3 });
    await eventually('the API reports the member ONLINE', bStatus, { until: (s) => s === 'ONLINE', timeoutMs: 20_000 });

    await b.stop();
    const stopped = performance.now();
    // requests go on while HAProxy notices: a refused connection to hm-b is retried on another member
    let during = { requests: 0, failures: 0, errors: [] as string[] };
    await eventually(
      'HAProxy marks hm-b DOWN',
      async () => {
        const t = await tally(lb.url, { count: 6 });
        during = {
          requests: during.requests + t.requests,
          failures: during.failures + t.failures,
          errors: [...during.errors, ...t.errors],
        };
        return ((await memberStat(lbDir, bId)).status ?? '').startsWith('DOWN');
      },
      { timeoutMs: 20_000, intervalMs: 50 },
    );
    const detectedMs = performance.now() - stopped;
    assert.equal(during.failures, 0, during.errors.join('; '));
    const sessionsAtDown = Number((await memberStat(lbDir, bId)).stot);
    const whileDown = await tally(lb.url, { count: 30 });
    assert.equal(whileDown.failures, 0, whileDown.errors.join('; '));
    assert.deepEqual(whileDown.counts, { 'hm-a': 15, 'hm-c': 15 });
    // not even tried any more (a try would count a session on it, even one that is then redispatched)
    assert.equal(Number((await memberStat(lbDir, bId)).stot), sessionsAtDown);
    await eventually('the API reports the member in ERROR', bStatus, { until: (s) => s === 'ERROR', timeoutMs: 20_000 });

    await b.start();
    const restarted = performance.now();
    const hitsBefore = b.hits;
    await eventually(
      'hm-b serves again',
      async () => {
        const t = await tally(lb.url, { count: 6 });
        assert.equal(t.failures, 0, t.errors.join('; '));
        return (t.counts['hm-b'] ?? 0) > 0;
      },
      { timeoutMs: 20_000, intervalMs: 50 },
    );
    const recoveredMs = performance.now() - restarted;
    assert.ok(b.hits > hitsBefore);
    await eventually('the API reports the member ONLINE again', bStatus, { until: (s) => s === 'ONLINE', timeoutMs: 20_000 });
    console.log(
      `# health: marked down ${detectedMs.toFixed(0)} ms after stop (delay ${monitor.delay} s × max_retries_down ` +
        `${monitor.max_retries_down}), ${during.requests} requests meanwhile, 0 failed; back ${recoveredMs.toFixed(0)} ms after start`,
    );
  });

  it('a PING health monitor checks members with ping (HAProxy external check) and keeps them in rotation', async () => {
    const members = await backendsNamed(['ping-a', 'ping-b']);
    const lb = await createServingLb(api, {
      protocol: 'HTTP',
      protocol_port: 18302,
      default_pool: {
        protocol: 'HTTP',
        lb_algorithm: 'ROUND_ROBIN',
        members: members.map((b) => memberOf(b)),
        healthmonitor: { type: 'PING', delay: 1, timeout: 1, max_retries: 1 },
      },
    });
    const { lbDir } = await amphoraOf(api, lb.id);
    for (const id of lb.memberIds.values()) {
      // PROCOK: the external check (the agent's ping wrapper) ran and exited 0
      await eventually(`member ${id} checked by ping`, async () => (await memberStat(lbDir, id)).check_status === 'PROCOK', {
        timeoutMs: 10_000,
      });
    }
    assert.deepEqual((await tally(lb.url, { count: 4 })).counts, { 'ping-a': 2, 'ping-b': 2 });
  });

  it('20 member, pool and listener updates under load: zero failed requests', async () => {
    const members = await backendsNamed(['up-a', 'up-b', 'up-c']);
    const lb = await createServingLb(api, {
      protocol: 'HTTP',
      protocol_port: 18301,
      default_pool: {
        protocol: 'HTTP',
        lb_algorithm: 'ROUND_ROBIN',
        members: members.map((b) => memberOf(b)),
        healthmonitor: { type: 'HTTP', delay: 1, timeout: 1, max_retries: 1 },
      },
    });
    const [aId, bId, cId] = members.map((m) => lb.memberIds.get(`${m.host}:${m.port}`)!);
    const member = (id: string, body: Record<string, unknown>) => [`/v2/lbaas/pools/${lb.poolId}/members/${id}`, { member: body }] as const;
    const pool = (body: Record<string, unknown>) => [`/v2/lbaas/pools/${lb.poolId}`, { pool: body }] as const;
    const listener = (body: Record<string, unknown>) => [`/v2/lbaas/listeners/${lb.listenerId}`, { listener: body }] as const;
    const updates = [
      member(aId!, { weight: 5 }),
      member(bId!, { weight: 2 }),
      member(cId!, { admin_state_up: false }),
      pool({ lb_algorithm: 'LEAST_CONNECTIONS' }),
      listener({ timeout_client_data: 30_000 }),
      member(aId!, { name: 'renamed-a' }),
      pool({ session_persistence: { type: 'SOURCE_IP' } }),
      listener({ connection_limit: 5000 }),
      member(cId!, { admin_state_up: true }),
      pool({ name: 'renamed-pool' }),
      listener({ insert_headers: { 'X-Forwarded-For': 'true' } }),
      member(bId!, { weight: 1 }),
      pool({ session_persistence: null }),
      listener({ timeout_member_connect: 4000 }),
      member(aId!, { weight: 1 }),
      pool({ lb_algorithm: 'ROUND_ROBIN' }),
      listener({ connection_limit: -1 }),
      member(bId!, { backup: true }),
      member(bId!, { backup: false }),
      listener({ name: 'renamed-listener', insert_headers: {} }),
    ];
    assert.equal(updates.length, 20);

    const load = startLoad(lb.url, { count: 1_000_000, concurrency: 4, maxMs: 120_000, timeoutMs: 10_000 });
    const started = performance.now();
    let loadedThroughout = false;
    try {
      for (const [path, body] of updates) await updateAndWait(api, lb.id, path, body);
      loadedThroughout = !load.ended();
    } finally {
      const t = await load.stop();
      const updatesMs = performance.now() - started;
      console.log(
        `# hitless: 20 updates in ${updatesMs.toFixed(0)} ms, ${t.requests} requests, ${t.failures} failed, per member ` +
          `${JSON.stringify(t.counts)}`,
      );
      assert.equal(t.failures, 0, t.errors.join('; '));
    }
    // the bounded loops were still running when the last update was ACTIVE: every update happened under load
    assert.ok(loadedThroughout, 'the load loops reached their bound before the updates were done');
    // the last state is the one serving: every member back in rotation. up-c left maintenance during the run; the
    // server state HAProxy carries over each reload keeps it DOWN until its first check passes after the last one
    await eventually(
      'all three members serve after the updates',
      async () => {
        const t = await tally(lb.url, { count: 6 });
        assert.equal(t.failures, 0, t.errors.join('; '));
        return Object.keys(t.counts).length === 3;
      },
      { timeoutMs: 10_000 },
    );
  });
});

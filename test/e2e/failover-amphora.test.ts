// Issue 5, failover on a real amphora: SIGKILL of the amphora's whole process group (agent + HAProxy) while a
// bounded load loop runs against the VIP. The amphora stops heartbeating, the health manager's scan claims it and
// enqueues failover_amphora, the worker builds a replacement on the same VIP and deletes the old one. Traffic comes
// back, the load balancer ends ACTIVE/ONLINE with the same VIP, and nothing of the old amphora is left: no process
// whose command line names its directory, no directory.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { startAmphoraApi, type AmphoraApi } from '../support/amphora-harness.js';
import { allocatedAmphorae, amphoraDir, amphoraPid, createGraph, type Graph, processesMentioning } from '../support/amphora-e2e.js';
import { eventually } from '../support/eventually.js';
import { type Backend, startBackend } from '../support/backends.js';
import { startLoad, type Load } from '../support/load.js';

// faster than the defaults (1/5/1) so the test is short; the bench measures the defaults
const HEALTH = { heartbeat_interval: 1, heartbeat_timeout: 3, health_check_interval: 1 };

describe('e2e: a killed amphora is failed over under load', () => {
  let api: AmphoraApi;
  let backends: Backend[];
  let graph: Graph;
  let load: Load | undefined;

  before(async () => {
    api = await startAmphoraApi({ health_manager: HEALTH });
    backends = await Promise.all(['f1', 'f2'].map((n) => startBackend(n)));
    graph = await createGraph(api, backends, { port: 18184, monitor: { delay: 1, timeout: 1, max_retries: 1 } });
  });
  after(async () => {
    await load?.stop();
    await Promise.all((backends ?? []).map((b) => b.stop()));
    await api?.close();
  });

  it('SIGKILL of the process group → failover → traffic returns on the same VIP; the old amphora is gone', async (t) => {
    const lbPath = `/v2/lbaas/loadbalancers/${graph.lbId}`;
    // the amphora must have heartbeated (an amphora that never did is not failed over)
    await api.waitFor(lbPath, (b) => b.loadbalancer.operating_status === 'ONLINE', 20_000);
    const [old] = await allocatedAmphorae(api, graph.lbId);
    assert.ok(old, 'the load balancer has an amphora');
    const oldDir = amphoraDir(api.stateDir, old.computeId);
    const pid = amphoraPid(api.stateDir, old.computeId);
    const group = processesMentioning(oldDir);
    assert.ok(group.length >= 2, `agent and HAProxy run: ${JSON.stringify(group)}`);
    assert.ok(
      group.every((p) => p.pgid === pid),
      'the recorded PID leads the amphora process group',
    );

    load = startLoad(graph.url, { concurrency: 2, timeoutMs: 1000, pauseMs: 5, maxMs: 90_000 });
    await load.firstOkAfter(0, 10_000);
    const killedAt = performance.now();
    process.kill(-pid, 'SIGKILL');

    // a response already on its way may still complete after the kill: traffic is back at the first success after
    // the first failure
    const firstFailure = await load.firstFailureAfter(killedAt, 10_000);
    const backAt = await load.firstOkAfter(firstFailure, 60_000);
    t.diagnostic(
      `kill → first successful request through the VIP: ${Math.round(backAt - killedAt)} ms (${load.failures(killedAt).length} ` +
        `failed requests in between)`,
    );

    const lb = (
      await api.waitFor(
        lbPath,
        (b) => b.loadbalancer.provisioning_status === 'ACTIVE' && b.loadbalancer.operating_status === 'ONLINE',
        30_000,
      )
    ).loadbalancer;
    assert.equal(lb.vip_address, graph.vip, 'same VIP');
    const now = await allocatedAmphorae(api, graph.lbId);
    assert.equal(now.length, 1, 'one amphora serves the load balancer');
    assert.notEqual(now[0]!.id, old.id, 'a new amphora');

    const jobs = await api.runtime.database.db
      .selectFrom('job')
      .select(['state', 'payload'])
      .where('flow', '=', 'failover_amphora')
      .execute();
    assert.equal(jobs.length, 1, JSON.stringify(jobs));
    assert.equal(jobs[0]!.state, 'DONE');
    assert.equal(JSON.parse(jobs[0]!.payload).amphoraId, old.id);
    const oldRow = await api.runtime.database.db.selectFrom('amphora').select('status').where('id', '=', old.id).executeTakeFirstOrThrow();
    assert.equal(oldRow.status, 'DELETED');

    // traffic keeps flowing from the new amphora, to both members
    const since = performance.now();
    await eventually('20 successful requests after the failover', () => load!.okCount(since), {
      until: (n) => n >= 20,
      timeoutMs: 20_000,
      intervalMs: 50,
    });
    assert.deepEqual(load.failures(since), [], 'no failure once the new amphora serves');
    const served = new Set(load.outcomes.filter((o) => o.ok && o.at >= since).map((o) => o.detail));
    assert.deepEqual([...served].sort(), ['f1', 'f2']);
    await load.stop();

    assert.deepEqual(processesMentioning(oldDir), [], 'no process of the old amphora is left');
    assert.equal(existsSync(oldDir), false, 'the old amphora directory is gone');
  });
});

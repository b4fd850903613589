// Issue 10 item 11, an amphora whose agent dies while its HAProxy lives (the agent alone crashed or was OOM-killed:
// SIGKILL of the agent's PID only). The HAProxy keeps serving the VIP with its configuration, and nothing of the
// amphora names the amphora's directory on its command line any more. The controller fails the amphora over (the
// builder sees the agent exit; heartbeats stop); the replacement serves with a live agent, and the old amphora's
// HAProxy is ended with it. Deleting the load balancer then leaves no process of any of its amphorae (checked by
// the PIDs and start times their agents recorded, their process groups and /proc) and the VIP port refuses.
// The second suite deletes a load balancer whose agent was killed just before, on a controller without a health
// manager (nothing fails it over first): the delete alone must end its HAProxy.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { isSameProcess } from '../../src/common/process-registry.js';
import { startAmphoraApi, type AmphoraApi } from '../support/amphora-harness.js';
import {
  allocatedAmphorae,
  amphoraDir,
  amphoraPid,
  amphoraProcesses,
  connectionRefused,
  createGraph,
  type Graph,
} from '../support/amphora-e2e.js';
import { type Backend, startBackend } from '../support/backends.js';
import { eventually } from '../support/eventually.js';
import { startLoad, type Load } from '../support/load.js';

const HEALTH = { heartbeat_interval: 1, heartbeat_timeout: 3, health_check_interval: 1 };

/** The agent and the HAProxy master and worker(s) it recorded, all alive. */
function assertRecordedAndAlive(procs: ReturnType<typeof amphoraProcesses>): void {
  const roles = procs.recorded.map((p) => p.role.split(' ')[0]);
  assert.ok(
    roles.includes('agent') && roles.includes('haproxy-master') && roles.includes('haproxy-worker'),
    JSON.stringify(procs.recorded),
  );
  assert.ok(procs.recorded.every(isSameProcess), 'every recorded process runs');
  assert.ok(
    procs.recorded.some((p) => p.role === 'agent' && p.pid === procs.pgid),
    'the recorded agent leads the group',
  );
}

async function deleteLoadBalancer(api: AmphoraApi, lbId: string): Promise<void> {
  const res = await api.delete(`/v2/lbaas/loadbalancers/${lbId}?cascade=true`);
  assert.equal(res.status, 204, res.text);
  const status = async () => (await api.get(`/v2/lbaas/loadbalancers/${lbId}`)).status;
  await eventually('the load balancer is gone', status, { until: (s) => s === 404, timeoutMs: 60_000 });
}

describe('e2e: the agent alone dies → failover, and nothing of any amphora survives the delete', () => {
  let api: AmphoraApi;
  let backends: Backend[];
  let graph: Graph;
  let load: Load | undefined;

  before(async () => {
    api = await startAmphoraApi({ health_manager: HEALTH });
    backends = await Promise.all(['a1', 'a2'].map((n) => startBackend(n)));
    graph = await createGraph(api, backends, { port: 18186 });
  });
  after(async () => {
    await load?.stop();
    await Promise.all((backends ?? []).map((b) => b.stop()));
    await api?.close();
  });

  it('SIGKILL of the agent only: traffic keeps flowing, a replacement with a live agent serves, the old HAProxy is ended', async (t) => {
    const lbPath = `/v2/lbaas/loadbalancers/${graph.lbId}`;
    await api.waitFor(lbPath, (b) => b.loadbalancer.operating_status === 'ONLINE', 20_000);
    const [old] = await allocatedAmphorae(api, graph.lbId);
    assert.ok(old, 'the load balancer has an amphora');
    const oldProcs = amphoraProcesses(api.stateDir, old.computeId);
    assertRecordedAndAlive(oldProcs);

    load = startLoad(graph.url, { concurrency: 2, timeoutMs: 1000, pauseMs: 5, maxMs: 90_000 });
    await load.firstOkAfter(0, 10_000);
    const killedAt = performance.now();
    process.kill(oldProcs.pgid, 'SIGKILL');

    const replaced = await eventually(
      'a replacement amphora serves the load balancer',
      async () => {
        const now = await allocatedAmphorae(api, graph.lbId);
        return now.length === 1 && now[0]!.id !== old.id ? now[0] : undefined;
      },
      { timeoutMs: 30_000 },
    );
    const lb = (
      await api.waitFor(
        lbPath,
        (b) => b.loadbalancer.provisioning_status === 'ACTIVE' && b.loadbalancer.operating_status === 'ONLINE',
        30_000,
      )
    ).loadbalancer;
    t.diagnostic(
      `agent kill → load balancer ACTIVE on a new amphora: ${Math.round(performance.now() - killedAt)} ms; ` +
        `${load.failures(killedAt).length} of ${load.outcomes.filter((o) => o.at >= killedAt).length} requests failed in between`,
    );
    assert.equal(lb.vip_address, graph.vip, 'same VIP');
    const oldRow = await api.runtime.database.db.selectFrom('amphora').select('status').where('id', '=', old.id).executeTakeFirstOrThrow();
    assert.equal(oldRow.status, 'DELETED');

    // the replacement's agent lives (and answers: the load balancer went ACTIVE through it)
    const fresh = amphoraProcesses(api.stateDir, replaced.computeId);
    assertRecordedAndAlive(fresh);
    assert.equal((await api.runtime.drivers.compute.getInstance(replaced.computeId))?.status, 'ACTIVE');

    // nothing of the old amphora runs: not its HAProxy master or workers, which outlived its agent
    assert.deepEqual(oldProcs.alive(), [], 'no process of the old amphora is left');
    assert.equal(existsSync(amphoraDir(api.stateDir, old.computeId)), false, 'the old amphora directory is gone');

    // traffic flows from the replacement, to both members, without failures
    const since = performance.now();
    await eventually('20 successful requests after the failover', () => load!.okCount(since), {
      until: (n) => n >= 20,
      timeoutMs: 20_000,
      intervalMs: 50,
    });
    assert.deepEqual(load.failures(since), [], 'no failure once the replacement serves');
    const served = new Set(load.outcomes.filter((o) => o.ok && o.at >= since).map((o) => o.detail));
    assert.deepEqual([...served].sort(), ['a1', 'a2']);
    await load.stop();

    await deleteLoadBalancer(api, graph.lbId);
    assert.deepEqual(fresh.alive(), [], 'no process of the replacement amphora is left');
    assert.deepEqual(oldProcs.alive(), [], 'nor of the old one');
    assert.equal(await connectionRefused(graph.vip, graph.port), true, 'the VIP port refuses connections');
  });
});

describe('e2e: deleting a load balancer whose agent was just killed leaves nothing behind', () => {
  let api: AmphoraApi;
  let backends: Backend[];

  before(async () => {
    // no health manager here (heartbeats go to one that does not run), so the dead agent is not failed over first:
    // the delete meets it dead
    api = await startAmphoraApi({ health_manager: { ...HEALTH, controller_ip_port_list: '127.0.0.1:9' } }, { healthManager: false });
    backends = await Promise.all(['d1', 'd2'].map((n) => startBackend(n)));
  });
  after(async () => {
    await Promise.all((backends ?? []).map((b) => b.stop()));
    await api?.close();
  });

  it('SIGKILL of the agent, then DELETE: its HAProxy is ended and the VIP port refuses', async () => {
    const graph = await createGraph(api, backends, { port: 18187 });
    const [amp] = await allocatedAmphorae(api, graph.lbId);
    assert.ok(amp, 'the load balancer has an amphora');
    const procs = amphoraProcesses(api.stateDir, amp.computeId);
    assertRecordedAndAlive(procs);
    await eventually('the VIP serves', () => connectionRefused(graph.vip, graph.port).then((r) => !r), { timeoutMs: 10_000 });

    process.kill(amphoraPid(api.stateDir, amp.computeId), 'SIGKILL');
    await eventually('the agent is gone', () => !procs.recorded.filter((p) => p.role === 'agent').some(isSameProcess), {
      timeoutMs: 10_000,
      intervalMs: 10,
    });
    assert.ok(procs.recorded.filter((p) => p.role.startsWith('haproxy')).every(isSameProcess), 'its HAProxy outlives the agent');
    assert.equal(await connectionRefused(graph.vip, graph.port), false, 'and still holds the VIP');

    await deleteLoadBalancer(api, graph.lbId);
    assert.deepEqual(procs.alive(), [], 'no process of the amphora is left');
    assert.equal(existsSync(amphoraDir(api.stateDir, amp.computeId)), false, 'its directory is gone');
    assert.equal(await connectionRefused(graph.vip, graph.port), true, 'the VIP port refuses connections');
  });
});

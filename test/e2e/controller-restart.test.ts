// Issue 4, controller restart with real amphorae: the controller (API + worker + health manager, in-process here) is
// stopped without touching its amphorae; traffic through every VIP keeps flowing while it is down, for longer than
// heartbeat_timeout. A new controller starts on the same state directory and the same SQLite file, with the health
// manager on the same port: the amphorae are re-adopted — no failover, no second process group per amphora, no
// process outside a known amphora — and an update (a new member) is applied by the new controller and serves.
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Overrides } from '../support/api-harness.js';
import { startAmphoraApi, type AmphoraApi } from '../support/amphora-harness.js';
import { allocatedAmphorae, amphoraDir, amphoraPid, createGraph, type Graph, processesMentioning } from '../support/amphora-e2e.js';
import { eventually } from '../support/eventually.js';
import { type Backend, startBackend } from '../support/backends.js';
import { scanMark } from '../support/progress.js';
import { startLoad, type Load } from '../support/load.js';

// Heartbeats every 3 s against a 1 s scan: a new health manager that scanned before the amphorae checked in (their
// last heartbeats are older than heartbeat_timeout after the outage) would fail them over in most runs; it must wait.
const HEALTH_S = { heartbeat_interval: 3, heartbeat_timeout: 4, health_check_interval: 1 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A UDP port free right now: both controllers' health managers listen on it, as a configured bind_port would. */
async function freeUdpPort(): Promise<number> {
  const s = createSocket('udp4');
  await new Promise<void>((resolve) => s.bind(0, '127.0.0.1', () => resolve()));
  const { port } = s.address();
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

interface Site {
  backends: Backend[];
  graph: Graph;
  amphoraId: string;
  pid: number;
  load: Load;
}

describe('e2e: controller restart with live amphorae', () => {
  let first: AmphoraApi | undefined;
  let second: AmphoraApi | undefined;
  const sites: Site[] = [];
  let extra: Backend | undefined;
  let overrides: Overrides;

  before(async () => {
    overrides = { health_manager: { ...HEALTH_S, bind_port: await freeUdpPort() } };
    first = await startAmphoraApi(overrides, { onClose: 'keep' });
    for (const [i, port] of [18186, 18187].entries()) {
      const backends = await Promise.all(['a', 'b'].map((n) => startBackend(`site${i}-${n}`)));
      const graph = await createGraph(first, backends, { port, name: `site${i}` });
      await first.waitFor(`/v2/lbaas/loadbalancers/${graph.lbId}`, (b) => b.loadbalancer.operating_status === 'ONLINE', 20_000);
      const [amp] = await allocatedAmphorae(first, graph.lbId);
      sites.push({
        backends,
        graph,
        amphoraId: amp!.id,
        pid: amphoraPid(first.stateDir, amp!.computeId),
        load: startLoad(graph.url, { concurrency: 2, timeoutMs: 2000, pauseMs: 5, maxMs: 120_000 }),
      });
    }
  });
  after(async () => {
    for (const s of sites) await s.load.stop();
    if (second) await second.close();
    else if (first) {
      // the restart failed: a controller that removes everything on close
      const cleanup = await startAmphoraApi({}, { stateDir: first.stateDir, database: first.database });
      await cleanup.close();
    }
    for (const s of sites) await Promise.all(s.backends.map((b) => b.stop()));
    await extra?.stop();
  });

  it('traffic flows while the controller is down; a new controller re-adopts the amphorae and applies an update', async (t) => {
    const stateDir = first!.stateDir;
    const database = first!.database;
    for (const s of sites) await s.load.firstOkAfter(0, 10_000);

    const downAt = performance.now();
    await first!.close();
    // down for longer than heartbeat_timeout: the amphorae's last heartbeats in the database are stale by then
    await sleep((HEALTH_S.heartbeat_timeout + 2) * 1000);
    for (const s of sites) {
      assert.ok(s.load.okCount(downAt) > 20, `${s.graph.vip} served while the controller was down`);
      assert.deepEqual(s.load.failures(), [], `${s.graph.vip}: no failed request`);
    }

    // the second controller's close() removes amphorae, database and state directory
    second = await startAmphoraApi(overrides, { stateDir, database });
    const upAt = performance.now();
    t.diagnostic(`controller down for ${Math.round(upAt - downAt)} ms`);

    // heartbeats reach the new health manager on the same port; its first scans are where it would (wrongly) fail
    // them over: two of them complete, the first of which it runs at all
    await scanMark(second.runtime.healthManager!).scansSince(2, 30_000);
    const jobs = await second.runtime.database.db
      .selectFrom('job')
      .select(['flow', 'state'])
      .where('flow', '=', 'failover_amphora')
      .execute();
    assert.deepEqual(jobs, [], 'no amphora was failed over after the restart');
    assert.ok(second.runtime.healthManager!.counters.received > 0, 'the new health manager receives the heartbeats');

    // re-adopted: the same amphorae, the same process groups, one group each, nothing else running
    const amphoraeRoot = join(stateDir, 'amphorae');
    const dirs = readdirSync(amphoraeRoot, { withFileTypes: true })
      .filter((d) => d.isDirectory() && !d.name.startsWith('.'))
      .map((d) => d.name);
    assert.deepEqual(
      dirs.sort(),
      sites.map((s) => s.amphoraId).sort(),
      'one directory per amphora, no other (.management-ips is the address registry)',
    );
    for (const s of sites) {
      const [amp] = await allocatedAmphorae(second, s.graph.lbId);
      assert.equal(amp?.id, s.amphoraId, 'the same amphora serves the load balancer');
      const procs = processesMentioning(amphoraDir(stateDir, s.amphoraId));
      assert.ok(procs.length >= 2, `agent and HAProxy run: ${JSON.stringify(procs)}`);
      assert.deepEqual([...new Set(procs.map((p) => p.pgid))], [s.pid], 'all in the original process group: no duplicate');
      const agents = procs.filter((p) => p.cmdline.includes('amphora-agent'));
      assert.equal(agents.length, 1, `one agent: ${JSON.stringify(agents)}`);
    }
    assert.deepEqual(
      processesMentioning(amphoraeRoot).filter((p) => !sites.some((s) => s.pid === p.pgid)),
      [],
      'no orphan process under the amphorae directory',
    );

    // an update through the new controller: a third member on the first load balancer, serving
    const site = sites[0]!;
    extra = await startBackend('site0-new');
    const added = await second.post(`/v2/lbaas/pools/${site.graph.poolId}/members`, {
      member: { address: extra.host, protocol_port: extra.port },
    });
    assert.equal(added.status, 201, added.text);
    await second.waitFor(`/v2/lbaas/loadbalancers/${site.graph.lbId}`, (b) => b.loadbalancer.provisioning_status === 'ACTIVE', 30_000);
    await eventually(
      'a request through the VIP answered by the new member',
      () => site.load.outcomes.some((o) => o.ok && o.detail === 'site0-new'),
      {
        timeoutMs: 10_000,
        intervalMs: 50,
      },
    );
    // the amphora was updated in place (a reload), not rebuilt
    assert.deepEqual([...new Set(processesMentioning(amphoraDir(stateDir, site.amphoraId)).map((p) => p.pgid))], [site.pid]);

    for (const s of sites) assert.deepEqual(s.load.failures(), [], `${s.graph.vip}: no failed request across stop, restart and update`);
  });
});

// Issue 5, two health managers on one database with a real amphora: the all-in-one's own health manager (which the
// amphora heartbeats to) and a second one started like another `octavia health-manager` process on the same
// SQLite file, both scanning every second. When the amphora's process group is killed, both see it stale; the
// conditional claim lets exactly one enqueue the failover. (test/health/failover.test.ts races two scanners on
// PostgreSQL/MariaDB with synthetic heartbeats; this is the same guarantee end to end.)
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createLogger } from '../../src/common/logging.js';
import { openDatabaseUrl } from '../../src/db/connection.js';
import { type HealthManager, startHealthManager } from '../../src/health-manager/health-manager.js';
import { startAmphoraApi, type AmphoraApi } from '../support/amphora-harness.js';
import { allocatedAmphorae, amphoraPid, createGraph, type Graph } from '../support/amphora-e2e.js';
import { type Backend, startBackend } from '../support/backends.js';
import { httpGet } from '../support/http-client.js';
import { scanMark } from '../support/progress.js';

const HEALTH = { heartbeat_interval: 1, heartbeat_timeout: 3, health_check_interval: 1 };

describe('e2e: two health managers, one killed amphora, one failover', () => {
  let api: AmphoraApi;
  let backends: Backend[];
  let graph: Graph;
  let second: HealthManager | undefined;
  let secondDb: ReturnType<typeof openDatabaseUrl> | undefined;

  before(async () => {
    api = await startAmphoraApi({ health_manager: HEALTH });
    backends = await Promise.all(['t1', 't2'].map((n) => startBackend(n)));
    graph = await createGraph(api, backends, { port: 18185 });
    // its own connection pool, as a second process would have; bind_port 0 (the amphora reports to the first only)
    secondDb = openDatabaseUrl(api.config.database.connection, 2);
    second = await startHealthManager({
      config: api.config,
      db: secondDb.db,
      dialect: 'sqlite',
      log: createLogger(process.env.OCTAVIA_TEST_LOG_LEVEL ?? 'silent', 'second-health-manager'),
    });
  });
  after(async () => {
    await second?.stop();
    await secondDb?.close();
    await Promise.all((backends ?? []).map((b) => b.stop()));
    await api?.close();
  });

  it('both scan; exactly one failover_amphora job; the load balancer serves again', async () => {
    const first = api.runtime.healthManager!;
    assert.notEqual(second!.address.port, first.address.port);
    const lbPath = `/v2/lbaas/loadbalancers/${graph.lbId}`;
    await api.waitFor(lbPath, (b) => b.loadbalancer.operating_status === 'ONLINE', 20_000);
    const [old] = await allocatedAmphorae(api, graph.lbId);
    process.kill(-amphoraPid(api.stateDir, old!.computeId), 'SIGKILL');

    // the failover runs to the end, then both managers keep scanning: a double claim of the old amphora, or a
    // failover of the new one had it not heartbeated, would show by now. Scans run health_check_interval apart, so
    // the last of these began more than heartbeat_timeout after ACTIVE (the first may have been under way at the mark).
    await api.waitFor(lbPath, (b) => b.loadbalancer.provisioning_status === 'PENDING_UPDATE', 20_000);
    await api.waitFor(lbPath, (b) => b.loadbalancer.provisioning_status === 'ACTIVE', 60_000);
    const scans = Math.ceil(HEALTH.heartbeat_timeout / HEALTH.health_check_interval) + 3;
    await Promise.all([scanMark(first).scansSince(scans, 30_000), scanMark(second!).scansSince(scans, 30_000)]);

    const jobs = await api.runtime.database.db
      .selectFrom('job')
      .select(['state', 'payload'])
      .where('flow', '=', 'failover_amphora')
      .execute();
    assert.equal(jobs.length, 1, JSON.stringify(jobs));
    assert.equal(JSON.parse(jobs[0]!.payload).amphoraId, old!.id);
    assert.equal(jobs[0]!.state, 'DONE');
    assert.equal(first.counters.failoversEnqueued + second!.counters.failoversEnqueued, 1);
    assert.equal(second!.counters.received, 0, 'the second manager received no heartbeat: it only scanned');

    const amps = await allocatedAmphorae(api, graph.lbId);
    assert.equal(amps.length, 1);
    assert.notEqual(amps[0]!.id, old!.id);
    const r = await httpGet(graph.url, { timeoutMs: 2000 });
    assert.equal(r.status, 200, `the VIP serves again: ${r.body}`);
  });
});

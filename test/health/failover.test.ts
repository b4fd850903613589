// Amphorae that stop sending heartbeats are failed over: by the health manager's own scan with a worker running
// (the load balancer ends ACTIVE on a new amphora), exactly once when two health managers share a PostgreSQL
// database, and not at all when failover_threshold amphorae are stale at once.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openDatabaseUrl } from '../../src/db/connection.js';
import type { HealthManager } from '../../src/health-manager/health-manager.js';
import { startApi, type TestApi } from '../support/api-harness.js';
import { testDialects } from '../support/databases.js';
import { eventually } from '../support/eventually.js';
import { waitActive } from '../support/fixtures.js';
import { scanMark } from '../support/progress.js';
import { Amphorae, capturingLogger, createWorld, heartbeat, startTestHealthManager, type World } from './heartbeat-support.js';

const AMPHORA = { api_settings: { default_provider_driver: 'amphora' } };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function failoverJobs(api: TestApi): Promise<{ payload: string; state: string }[]> {
  return api.runtime.database.db.selectFrom('job').select(['payload', 'state']).where('flow', '=', 'failover_amphora').execute();
}

describe('health manager: a silent amphora is failed over by the periodic scan [sqlite]', () => {
  let api: TestApi;
  let hm: HealthManager;
  let amps: Amphorae;

  before(async () => {
    api = await startApi('sqlite', AMPHORA, { worker: true });
  });
  after(async () => {
    amps?.close();
    await hm?.stop();
    await api?.close();
  });

  it('the failover_amphora job runs and the load balancer is ACTIVE on a new amphora', async () => {
    const w = await createWorld(api);
    hm = await startTestHealthManager(
      api.config,
      api.runtime.database.db,
      'sqlite',
      { heartbeat_timeout: 1, health_check_interval: 1 },
      {
        scan: true,
        jobSignal: api.runtime.services.jobSignal,
      },
    );
    amps = new Amphorae(hm);
    // heartbeats well within heartbeat_timeout while two scans complete: the scanner ran and left the amphora alone
    const heartbeating = scanMark(hm);
    const scans = async () => {
      await amps.send(heartbeat(w, amps.nextSeq(), ['UP', 'UP']));
      return heartbeating.count();
    };
    await eventually('two scans while heartbeating (the periodic scan runs)', scans, {
      until: (n) => n >= 2,
      timeoutMs: 15_000,
      intervalMs: 200,
    });
    assert.equal((await failoverJobs(api)).length, 0, 'a heartbeating amphora is left alone');
    assert.equal(hm.counters.failoversEnqueued, 0);

    // silence: the scan finds the amphora stale after heartbeat_timeout and enqueues its failover
    await eventually('a failover job', () => failoverJobs(api), { until: (j) => j.length > 0, timeoutMs: 15_000, intervalMs: 50 });
    const jobs = await failoverJobs(api);
    assert.equal(jobs.length, 1);
    assert.deepEqual((({ amphoraId, loadBalancerId, role }) => ({ amphoraId, loadBalancerId, role }))(JSON.parse(jobs[0]!.payload)), {
      amphoraId: w.amphoraId,
      loadBalancerId: w.lbId,
      role: 'STANDALONE',
    });
    assert.equal(hm.counters.failoversEnqueued, 1);

    const db = api.runtime.database.db;
    const done = (jobs: { state: string }[]) => jobs[0]?.state === 'DONE';
    await eventually('the failover job DONE', () => failoverJobs(api), { until: done, timeoutMs: 15_000, intervalMs: 50 });
    const lb = await waitActive(api, w.lbId);
    assert.equal(lb.provisioning_status, 'ACTIVE');
    const amphorae = await db.selectFrom('amphora').select(['id', 'status']).where('load_balancer_id', '=', w.lbId).execute();
    const live = amphorae.filter((a) => a.status === 'ALLOCATED');
    assert.equal(live.length, 1);
    assert.notEqual(live[0]!.id, w.amphoraId);
    assert.equal(amphorae.find((a) => a.id === w.amphoraId)?.status, 'DELETED');
    // the new amphora has not heartbeated yet: it has no health row and is not failed over in turn, by scans that
    // began once it was ACTIVE
    await scanMark(hm).scansSince(2);
    assert.equal((await failoverJobs(api)).length, 1);
    assert.equal(hm.counters.failoversEnqueued, 1);
  });
});

for (const dialect of testDialects().filter((d) => d !== 'sqlite')) {
  describe(`health manager: two health managers on one ${dialect} database fail each amphora over once`, () => {
    let api: TestApi;
    const hms: HealthManager[] = [];
    let second: ReturnType<typeof openDatabaseUrl> | undefined;
    let amps: Amphorae | undefined;

    before(async () => {
      api = await startApi(dialect, AMPHORA, { worker: true });
    });
    after(async () => {
      amps?.close();
      for (const hm of hms) await hm.stop();
      await second?.close();
      await api?.close();
    });

    it('three stale amphorae, two racing scanners: exactly one failover job each', async () => {
      const worlds: World[] = [];
      for (let i = 0; i < 3; i++) worlds.push(await createWorld(api, `race-${i}`));
      // no worker from here on: the jobs stay WAITING and the load balancers PENDING_UPDATE, so nothing hides a double
      await api.runtime.worker?.stop();
      // a second health manager with its own connection pool, as a second process would have
      second = openDatabaseUrl(api.config.database.connection, 4);
      hms.push(await startTestHealthManager(api.config, api.runtime.database.db, dialect, { heartbeat_timeout: 1 }));
      hms.push(await startTestHealthManager(api.config, second.db, dialect, { heartbeat_timeout: 1 }));
      amps = new Amphorae(hms[0]!);
      let seq = 0;
      await amps.send(...worlds.map((w) => heartbeat(w, ++seq, ['UP', 'UP'])));
      await sleep(1200);

      for (let round = 0; round < 5; round++) await Promise.all(hms.map((hm) => hm.scanStale()));
      const jobs = await failoverJobs(api);
      assert.equal(jobs.length, 3, JSON.stringify(jobs));
      assert.deepEqual(jobs.map((j) => JSON.parse(j.payload).amphoraId).sort(), worlds.map((w) => w.amphoraId).sort());
      assert.equal(hms[0]!.counters.failoversEnqueued + hms[1]!.counters.failoversEnqueued, 3);
      for (const w of worlds) {
        const lb = await api.runtime.database.db
          .selectFrom('load_balancer')
          .select('provisioning_status')
          .where('id', '=', w.lbId)
          .executeTakeFirstOrThrow();
        assert.equal(lb.provisioning_status, 'PENDING_UPDATE');
      }
    });
  });
}

describe('health manager: failover_threshold [sqlite]', () => {
  let api: TestApi;
  let hm: HealthManager;
  let amps: Amphorae;

  before(async () => {
    api = await startApi('sqlite', AMPHORA, { worker: true });
  });
  after(async () => {
    amps?.close();
    await hm?.stop();
    await api?.close();
  });

  it(
    '3 of 4 amphorae stale with failover_threshold 2: none failed over, one error line, FAILOVER_STOPPED until they ' + 'heartbeat',
    async () => {
      const worlds: World[] = [];
      for (let i = 0; i < 4; i++) worlds.push(await createWorld(api, `threshold-${i}`));
      const captured = capturingLogger();
      hm = await startTestHealthManager(
        api.config,
        api.runtime.database.db,
        'sqlite',
        { heartbeat_timeout: 1, failover_threshold: 2 },
        { log: captured.log },
      );
      amps = new Amphorae(hm);
      let seq = 0;
      await amps.send(...worlds.map((w) => heartbeat(w, ++seq, ['UP', 'UP'])));
      await sleep(1200);
      await amps.send(heartbeat(worlds[3]!, ++seq, ['UP', 'UP']));

      assert.deepEqual(await hm.scanStale(), { kind: 'threshold', stale: 3 });
      assert.deepEqual(await hm.scanStale(), { kind: 'threshold', stale: 3 });
      assert.equal((await failoverJobs(api)).length, 0);
      const errors = captured.lines().filter((l) => l.level === 50);
      assert.equal(errors.length, 1, JSON.stringify(errors));
      assert.match(errors[0].msg, /Stale amphora count 3 reached failover_threshold 2/);

      const db = api.runtime.database.db;
      const status = async (w: World) =>
        (await db.selectFrom('amphora').select('status').where('id', '=', w.amphoraId).executeTakeFirstOrThrow()).status;
      assert.deepEqual(await Promise.all(worlds.map(status)), ['FAILOVER_STOPPED', 'FAILOVER_STOPPED', 'FAILOVER_STOPPED', 'ALLOCATED']);

      // they come back: the next scan returns them to ALLOCATED and fails nothing over
      await amps.send(...worlds.map((w) => heartbeat(w, ++seq, ['UP', 'UP'])));
      assert.deepEqual(await hm.scanStale(), { kind: 'failovers', amphorae: [] });
      assert.deepEqual(await Promise.all(worlds.map(status)), ['ALLOCATED', 'ALLOCATED', 'ALLOCATED', 'ALLOCATED']);
      assert.equal((await failoverJobs(api)).length, 0);
      // no periodic scan here (scan: false): the three scans are this test's, each counted once it is done
      assert.equal(hm.counters.scans, 3);
      assert.equal(hm.counters.failoverThresholdStops, 2);
    },
  );
});

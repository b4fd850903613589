// Replayed heartbeats over real UDP into a real health manager on a real database: a captured datagram stays validly
// signed forever, so only its signed timestamp (ts) and the per-amphora (ts, seq) high-water mark can tell it from a
// fresh one. Nothing replayed changes a status or refreshes amphora_health, and a dead amphora whose old heartbeats
// keep being replayed is still failed over. A restarted agent (seq back to 0, newer ts) is accepted at once.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { encodeHeartbeat } from '../../src/contracts/heartbeat.js';
import type { HealthManager } from '../../src/health-manager/health-manager.js';
import { startApi, type TestApi } from '../support/api-harness.js';
import { testDialects } from '../support/databases.js';
import { eventually } from '../support/eventually.js';
import { Amphorae, createWorld, heartbeat, KEY, startTestHealthManager, type World } from './heartbeat-support.js';

const AMPHORA = { api_settings: { default_provider_driver: 'amphora' } };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

for (const dialect of testDialects()) {
  describe(`health manager: replayed heartbeats are never accepted [${dialect}]`, () => {
    let api: TestApi;
    let w: World;
    const started: { hm: HealthManager; amps: Amphorae }[] = [];

    before(async () => {
      api = await startApi(dialect, AMPHORA, { worker: true });
      w = await createWorld(api, `replay-${dialect}`);
    });
    after(async () => {
      for (const { hm, amps } of started) {
        amps.close();
        await hm.stop();
      }
      await api?.close();
    });

    const db = () => api.runtime.database.db;
    async function start(
      settings: Parameters<typeof startTestHealthManager>[3] = {},
      opts: Parameters<typeof startTestHealthManager>[4] = {},
    ) {
      const hm = await startTestHealthManager(api.config, db(), dialect, settings, opts);
      const amps = new Amphorae(hm);
      started.push({ hm, amps });
      return { hm, amps };
    }
    const memberStatuses = async () => {
      const rows = await db().selectFrom('member').select(['id', 'operating_status']).where('id', 'in', w.members).execute();
      return w.members.map((id) => rows.find((r) => r.id === id)?.operating_status);
    };
    const lastUpdate = async () =>
      (await db().selectFrom('amphora_health').select('last_update').where('amphora_id', '=', w.amphoraId).executeTakeFirst())?.last_update;
    /** what a replay must not change */
    const snapshot = async (hm: HealthManager) => ({
      members: await memberStatuses(),
      lastUpdate: await lastUpdate(),
      processed: hm.counters.processed,
    });

    it(
      'a captured datagram replayed after the freshness window is dropped, also by a health manager that restarted ' + 'meanwhile',
      async () => {
        const first = await start({ heartbeat_freshness_window: 0.3 });
        const captured = encodeHeartbeat(heartbeat(w, 1, ['UP', 'DOWN']), KEY);
        await first.amps.sendRaw([captured]);
        assert.deepEqual(await memberStatuses(), ['ONLINE', 'ERROR']);
        await first.amps.send(heartbeat(w, 2, ['UP', 'UP']));
        assert.deepEqual(await memberStatuses(), ['ONLINE', 'ONLINE']);
        await sleep(400);

        await first.amps.sendRaw([captured]);
        assert.equal(first.hm.counters.dropped.stale_ts, 1);
        // a restarted health manager has no high-water mark for the amphora: the signed ts alone must refuse it
        const restarted = await start({ heartbeat_freshness_window: 0.3 });
        const before = await snapshot(restarted.hm);
        await restarted.amps.sendRaw([captured]);
        assert.deepEqual(await snapshot(restarted.hm), before);
        assert.equal(restarted.hm.counters.dropped.stale_ts, 1);
      },
    );

    it('a replayed burst of 3 increasing old seqs, inside the window, is dropped', async () => {
      const { hm, amps } = await start();
      const burst = [1, 2, 3].map((seq) => encodeHeartbeat(heartbeat(w, seq, ['DOWN', 'DOWN'], { pool: 'DOWN' }), KEY));
      await amps.sendRaw(burst);
      assert.deepEqual(await memberStatuses(), ['ERROR', 'ERROR']);
      await amps.send(heartbeat(w, 4, ['UP', 'UP']), heartbeat(w, 5, ['UP', 'UP']), heartbeat(w, 6, ['UP', 'UP']));
      assert.deepEqual(await memberStatuses(), ['ONLINE', 'ONLINE']);
      const before = await snapshot(hm);
      await sleep(5);

      await amps.sendRaw(burst);
      assert.deepEqual(await snapshot(hm), before);
      assert.equal(hm.counters.dropped.stale_seq, 3);
    });

    it('a restarted agent (seq back to 0, fresh ts) is accepted with its first heartbeat', async () => {
      const { hm, amps } = await start();
      await amps.send(...[10, 11, 12].map((seq) => heartbeat(w, seq, ['UP', 'UP'])));
      const before = await lastUpdate();
      await sleep(5);
      await amps.send(heartbeat(w, 0, ['UP', 'DOWN']));
      assert.deepEqual(await memberStatuses(), ['ONLINE', 'ERROR']);
      assert.ok(((await lastUpdate()) ?? '') > (before ?? ''), 'amphora_health refreshed');
      await amps.send(heartbeat(w, 1, ['UP', 'UP']));
      assert.deepEqual(await memberStatuses(), ['ONLINE', 'ONLINE']);
      assert.equal(hm.counters.dropped.stale_seq, 0);
    });

    it('heartbeats without ts (Octavia agents) are dropped by default and accepted with heartbeat_require_timestamp = false', async () => {
      const legacy = (seq: number, members: [string, string]) => {
        const { ts: _ts, ...body } = heartbeat(w, seq, members) as { ts: number };
        return body;
      };
      const strict = await start();
      const before = await snapshot(strict.hm);
      await strict.amps.send(legacy(1, ['DOWN', 'UP']));
      assert.deepEqual(await snapshot(strict.hm), before);
      assert.equal(strict.hm.counters.dropped.no_timestamp, 1);

      const lenient = await start({ heartbeat_require_timestamp: false });
      await lenient.amps.send(legacy(1, ['DOWN', 'UP']));
      assert.deepEqual(await memberStatuses(), ['ERROR', 'ONLINE']);
      // once the amphora has sent ts, a message without it is not accepted for it again
      await lenient.amps.send(heartbeat(w, 2, ['UP', 'UP']), legacy(3, ['DOWN', 'DOWN']));
      assert.deepEqual(await memberStatuses(), ['ONLINE', 'ONLINE']);
      assert.equal(lenient.hm.counters.dropped.no_timestamp, 1);
    });

    it('old heartbeats replayed after the amphora died do not keep it healthy: it goes stale and a failover job is enqueued', async () => {
      // no worker from here on: the job stays WAITING, so it is the only thing that changes
      await api.runtime.worker?.stop();
      const { hm, amps } = await start({ heartbeat_timeout: 1, health_check_interval: 1 }, { scan: true });
      const captured: Buffer[] = [];
      for (let seq = 1; seq <= 5; seq++) {
        captured.push(encodeHeartbeat(heartbeat(w, seq, ['UP', 'UP']), KEY));
        await amps.sendRaw([captured.at(-1) as Buffer]);
        await sleep(100);
      }
      const processed = hm.counters.processed;
      // the amphora is dead from here on; an attacker replays its captured heartbeats, in order, again and again
      const failoverJobs = () => db().selectFrom('job').select('payload').where('flow', '=', 'failover_amphora').execute();
      let replays = 0;
      const replayed = async () => {
        const jobs = await failoverJobs();
        if (jobs.length > 0) return jobs;
        await amps.sendRaw(captured);
        replays += captured.length;
        return jobs;
      };
      await eventually('a failover job', replayed, {
        until: (jobs) => jobs.length > 0,
        timeoutMs: 15_000,
        intervalMs: 100,
        detail: () => `counters ${JSON.stringify(hm.counters)}`,
      });
      const jobs = await failoverJobs();
      assert.equal(jobs.length, 1);
      assert.equal(JSON.parse(jobs[0]!.payload).amphoraId, w.amphoraId);
      assert.equal(hm.counters.processed, processed, 'no replayed heartbeat was processed');
      assert.ok(replays > 0);
      assert.equal(hm.counters.dropped.stale_seq + hm.counters.dropped.stale_ts, replays);
    });
  });
}

// Heartbeats over real UDP into a health manager on a real database: operating statuses roll up as Octavia's
// update_db does, statistics reach the stats API, and bad, replayed or foreign heartbeats change nothing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { encodeHeartbeat } from '../../src/contracts/heartbeat.js';
import type { HealthManager } from '../../src/health-manager/health-manager.js';
import { startApi, type TestApi } from '../support/api-harness.js';
import { testDialects } from '../support/databases.js';
import { LB, waitActive } from '../support/fixtures.js';
import { Amphorae, createWorld, heartbeat, KEY, startTestHealthManager, type World } from './heartbeat-support.js';

for (const dialect of testDialects()) {
  describe(`health manager: statuses and statistics from heartbeats [${dialect}]`, () => {
    let api: TestApi;
    let hm: HealthManager;
    let amps: Amphorae;
    let w: World;

    before(async () => {
      api = await startApi(dialect, { api_settings: { default_provider_driver: 'amphora' } }, { worker: true });
      w = await createWorld(api);
      hm = await startTestHealthManager(api.config, api.runtime.database.db, dialect);
      amps = new Amphorae(hm);
    });
    after(async () => {
      amps?.close();
      await hm?.stop();
      await api?.close();
    });

    const db = () => api.runtime.database.db;

    /** the operating statuses, through the public status tree */
    async function statuses(): Promise<{ lb: string; listener: string; pool: string; members: [string, string] }> {
      const res = await api.get(`${LB}/${w.lbId}/status`);
      assert.equal(res.status, 200, res.text);
      const lb = res.body.statuses.loadbalancer;
      const listener = lb.listeners.find((l: any) => l.id === w.listenerId);
      const pool = listener.pools.find((p: any) => p.id === w.poolId);
      const member = (id: string) => pool.members.find((m: any) => m.id === id).operating_status as string;
      return {
        lb: lb.operating_status,
        listener: listener.operating_status,
        pool: pool.operating_status,
        members: [member(w.members[0]), member(w.members[1])],
      };
    }

    async function health(): Promise<{ last_update: string; busy: number } | undefined> {
      return db().selectFrom('amphora_health').select(['last_update', 'busy']).where('amphora_id', '=', w.amphoraId).executeTakeFirst();
    }

    it('all members UP: everything ONLINE and amphora_health is written', async () => {
      await amps.send(heartbeat(w, amps.nextSeq(), ['UP', 'UP']));
      assert.deepEqual(await statuses(), { lb: 'ONLINE', listener: 'ONLINE', pool: 'ONLINE', members: ['ONLINE', 'ONLINE'] });
      assert.equal((await health())?.busy, 0);
    });

    it('one member DOWN: member ERROR, pool and load balancer DEGRADED, listener ONLINE', async () => {
      await amps.send(heartbeat(w, amps.nextSeq(), ['UP', 'DOWN']));
      assert.deepEqual(await statuses(), { lb: 'DEGRADED', listener: 'ONLINE', pool: 'DEGRADED', members: ['ONLINE', 'ERROR'] });
    });

    it('all members DOWN (backend DOWN): pool and load balancer ERROR', async () => {
      await amps.send(heartbeat(w, amps.nextSeq(), ['DOWN', 'DOWN'], { pool: 'DOWN' }));
      assert.deepEqual(await statuses(), { lb: 'ERROR', listener: 'ONLINE', pool: 'ERROR', members: ['ERROR', 'ERROR'] });
    });

    it('listener FULL: listener and load balancer DEGRADED', async () => {
      await amps.send(heartbeat(w, amps.nextSeq(), ['UP', 'UP'], { listener: 'FULL' }));
      assert.deepEqual(await statuses(), { lb: 'DEGRADED', listener: 'DEGRADED', pool: 'ONLINE', members: ['ONLINE', 'ONLINE'] });
    });

    it('admin-down member (HAProxy MAINT) is OFFLINE; pool stays ONLINE', async () => {
      const res = await api.put(`/v2/lbaas/pools/${w.poolId}/members/${w.members[0]}`, { member: { admin_state_up: false } });
      assert.equal(res.status, 200, res.text);
      await waitActive(api, w.lbId);
      await amps.send(heartbeat(w, amps.nextSeq(), ['MAINT', 'UP']));
      assert.deepEqual(await statuses(), { lb: 'ONLINE', listener: 'ONLINE', pool: 'ONLINE', members: ['OFFLINE', 'ONLINE'] });
    });

    it('a member missing from the report is OFFLINE; DRAIN is DRAINING; "no check" is NO_MONITOR', async () => {
      const hb = heartbeat(w, amps.nextSeq(), ['DRAIN', 'UP']) as any;
      delete hb.pools[`${w.poolId}:${w.listenerId}`].members[w.members[1]];
      await amps.send(hb);
      assert.deepEqual((await statuses()).members, ['DRAINING', 'OFFLINE']);
      await amps.send(heartbeat(w, amps.nextSeq(), ['no check', 'no check']));
      assert.deepEqual((await statuses()).members, ['NO_MONITOR', 'NO_MONITOR']);
    });

    it('heartbeats never touch the busy flag', async () => {
      await db().updateTable('amphora_health').set({ busy: 1 }).where('amphora_id', '=', w.amphoraId).execute();
      const before = await health();
      await new Promise((r) => setTimeout(r, 5));
      await amps.send(heartbeat(w, amps.nextSeq(), ['UP', 'UP']));
      const after = await health();
      assert.equal(after?.busy, 1);
      assert.ok((after?.last_update ?? '') > (before?.last_update ?? ''), 'last_update moves');
      await db().updateTable('amphora_health').set({ busy: 0 }).where('amphora_id', '=', w.amphoraId).execute();
    });

    it('statistics: deltas add up per listener; the stats API shows them', async () => {
      const base = (await api.get(`/v2/lbaas/listeners/${w.listenerId}/stats`)).body.stats;
      await amps.send(
        heartbeat(w, amps.nextSeq(), ['UP', 'UP'], { stats: { rx: 1000, tx: 5000, conns: 3, totconns: 10, ereq: 1 } }),
        heartbeat(w, amps.nextSeq(), ['UP', 'UP'], { stats: { rx: 24, tx: 7, conns: 2, totconns: 5, ereq: 0 } }),
      );
      const expected = {
        bytes_in: base.bytes_in + 1024,
        bytes_out: base.bytes_out + 5007,
        active_connections: 2,
        total_connections: base.total_connections + 15,
        request_errors: base.request_errors + 1,
      };
      assert.deepEqual((await api.get(`/v2/lbaas/listeners/${w.listenerId}/stats`)).body.stats, expected);
      assert.deepEqual((await api.get(`${LB}/${w.lbId}/stats`)).body.stats, expected);
      const amp = (await api.get(`/v2/octavia/amphorae/${w.amphoraId}/stats`)).body.amphora_stats;
      assert.equal(amp.length, 1);
      assert.equal(amp[0].bytes_in, expected.bytes_in);
    });

    it('bad HMAC, replayed seq, unknown amphora, foreign listener and garbage change nothing, and are counted', async () => {
      await amps.send(heartbeat(w, amps.nextSeq(), ['UP', 'UP']));
      const snapshot = async () => ({
        statuses: await statuses(),
        stats: (await api.get(`/v2/lbaas/listeners/${w.listenerId}/stats`)).body.stats,
        health: await health(),
        statRows: await db().selectFrom('listener_statistics').selectAll().orderBy('listener_id').execute(),
      });
      const before = await snapshot();
      const dropped = { ...hm.counters.dropped };
      await new Promise((r) => setTimeout(r, 5));

      const bad = { stats: { rx: 99, tx: 99, conns: 99, totconns: 99, ereq: 99 } };
      const replay = heartbeat(w, amps.nextSeq(), ['DOWN', 'DOWN'], { pool: 'DOWN', ...bad });
      await amps.send(heartbeat(w, amps.nextSeq(), ['UP', 'UP']));
      const afterGood = await snapshot();
      await amps.sendRaw([
        encodeHeartbeat(heartbeat(w, amps.nextSeq(), ['DOWN', 'DOWN'], { pool: 'DOWN', ...bad }), 'wrong-key'),
        encodeHeartbeat(replay, KEY), // older seq than the one just accepted
        encodeHeartbeat(
          { ...(heartbeat(w, amps.nextSeq(), ['DOWN', 'DOWN'], bad) as object), id: '00000000-0000-4000-8000-000000000000' },
          KEY,
        ),
        encodeHeartbeat(heartbeat(w, amps.nextSeq(), ['DOWN', 'DOWN']), KEY).subarray(0, 40),
        Buffer.from('not a heartbeat at all, just some bytes on the port'),
      ]);
      const afterBad = await snapshot();
      assert.deepEqual(afterBad.statuses, before.statuses);
      assert.deepEqual(afterBad.stats, before.stats);
      assert.deepEqual(afterBad.statRows, before.statRows);
      assert.deepEqual(afterBad.health, afterGood.health, 'only the good heartbeat refreshed amphora_health');
      assert.equal(hm.counters.dropped.bad_hmac - dropped.bad_hmac, 2);
      assert.equal(hm.counters.dropped.bad_header - dropped.bad_header, 1, 'plain bytes are refused before any HMAC');
      assert.equal(hm.counters.dropped.stale_seq - dropped.stale_seq, 1);
      assert.equal(hm.counters.dropped.unknown_amphora - dropped.unknown_amphora, 1);
    });

    it('a listener that does not belong to the amphora gets no statistics row', async () => {
      const hb = heartbeat(w, amps.nextSeq(), ['UP', 'UP']) as any;
      hb.listeners['11111111-2222-4333-8444-555555555555'] = { status: 'OPEN', stats: { rx: 1, tx: 1, conns: 1, totconns: 1, ereq: 1 } };
      await amps.send(hb);
      const rows = await db()
        .selectFrom('listener_statistics')
        .select('listener_id')
        .where('listener_id', '=', '11111111-2222-4333-8444-555555555555')
        .execute();
      assert.equal(rows.length, 0);
      // the count no longer matches: statuses still written, health not refreshed (Octavia's rule)
      assert.ok(hm.counters.listenerCountMismatch >= 1);
    });

    it('a listener missing from the heartbeat of an ACTIVE load balancer is ERROR', async () => {
      const hb = heartbeat(w, amps.nextSeq(), ['UP', 'UP']) as any;
      hb.listeners = {};
      await amps.send(hb);
      assert.equal((await statuses()).listener, 'ERROR');
      await amps.send(heartbeat(w, amps.nextSeq(), ['UP', 'UP']));
      assert.equal((await statuses()).listener, 'ONLINE');
    });
  });
}

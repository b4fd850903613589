// A flood of 64 KiB junk datagrams from another process, as fast as loopback takes them, while a healthy amphora keeps
// heartbeating to a real health manager (real UDP, real database, the periodic stale scan running): its heartbeats
// still land and it is not failed over. Random junk is rejected at the zlib header, before any HMAC; junk forged to
// pass that check costs one HMAC and is rejected there. Every reject is counted.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { HealthManager } from '../../src/health-manager/health-manager.js';
import { startApi, type TestApi } from '../support/api-harness.js';
import { eventually } from '../support/eventually.js';
import { startHeartbeatProcess, type HeartbeatProcess } from '../support/heartbeat-process.js';
import { startJunkFlood, type Flood, type FloodResult } from '../support/junk-flood.js';
import { createWorld, heartbeat, KEY, startTestHealthManager, type World } from './heartbeat-support.js';

const FLOOD_MS_PER_KIND = 2500;
const MAX_DATAGRAMS_PER_KIND = 500_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('health manager: a flood of junk datagrams [sqlite]', () => {
  let api: TestApi;
  let hm: HealthManager;
  let w: World;
  let amphora: HeartbeatProcess | undefined;
  let flood: Flood | undefined;

  before(async () => {
    api = await startApi('sqlite', { api_settings: { default_provider_driver: 'amphora' } }, { worker: true });
    w = await createWorld(api, 'flood');
    // no worker from here on: a failover job would stay WAITING and be seen
    await api.runtime.worker?.stop();
  });
  after(async () => {
    flood?.stop();
    amphora?.stop();
    await hm?.stop();
    await api?.close();
  });

  it('neither fails the heartbeating amphora over nor keeps its heartbeats out; junk is rejected cheaply and counted', async () => {
    hm = await startTestHealthManager(
      api.config,
      api.runtime.database.db,
      'sqlite',
      { heartbeat_timeout: 2, health_check_interval: 1 },
      { scan: true },
    );
    // the amphora heartbeats from its own process every 50 ms: 40 chances per heartbeat_timeout
    const { seq: _seq, ts: _ts, ...body } = heartbeat(w, 0, ['UP', 'UP']) as { seq: number; ts: number };
    amphora = startHeartbeatProcess({ port: hm.address.port, key: KEY, intervalMs: 50, durationMs: 60_000, body });
    await eventually('the first heartbeat processed', () => hm.counters.processed, {
      until: (n) => n > 0,
      timeoutMs: 10_000,
      intervalMs: 20,
    });

    const floods: FloodResult[] = [];
    const landed: number[] = [];
    for (const kind of ['random', 'forged'] as const) {
      const processedBefore = hm.counters.processed;
      flood = startJunkFlood({ port: hm.address.port, kind, durationMs: FLOOD_MS_PER_KIND, maxDatagrams: MAX_DATAGRAMS_PER_KIND });
      floods.push(await flood.done);
      flood = undefined;
      landed.push(hm.counters.processed - processedBefore);
    }
    // the scan keeps running after the flood: a heartbeat gap during it would still show as a failover now
    await sleep(1500);
    await hm.scanStale();
    amphora.stop();
    const { sent } = await amphora.done;
    amphora = undefined;
    await sleep(100);
    await hm.drain();

    const jobs = await api.runtime.database.db.selectFrom('job').select('payload').where('flow', '=', 'failover_amphora').execute();
    const report = JSON.stringify({ floods, landed, sent, counters: hm.counters });
    assert.deepEqual(jobs, [], report);
    assert.equal(hm.counters.failoversEnqueued, 0, report);
    for (const n of landed) assert.ok(n > 0, `heartbeats landed during each flood: ${report}`);
    for (const f of floods) assert.ok(f.sent > 0, report);

    const d = hm.counters.dropped;
    // random junk never reaches the HMAC; forged junk reaches it once and fails there
    assert.ok(d.bad_header > 0, report);
    assert.ok(d.bad_hmac > 0, report);
    assert.equal(d.bad_compression + d.too_large + d.bad_json + d.bad_message, 0, report);
    assert.equal(hm.counters.rejected, d.oversized + d.too_short + d.bad_header + d.bad_hmac, report);
    const allDropped = Object.values(d).reduce((a, b) => a + b, 0);
    assert.equal(hm.counters.received, hm.counters.processed + allDropped, `every datagram is accounted for: ${report}`);
  });
});

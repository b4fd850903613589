// The built health manager (dist/, or another build's dist/ given as BENCH_PROBE_DIST) in its own process, with an
// event-loop delay histogram, driven over IPC by a benchmark: { cmd: 'reset' } starts a measurement, { cmd: 'report' }
// runs one stale scan and answers with the delay percentiles, CPU time and counters since the reset.
// Started with fork() (IPC channel); env: BENCH_PROBE_DIST, BENCH_PROBE_DB_URL, BENCH_PROBE_PORT, BENCH_PROBE_KEY,
// and OCTAVIA__HEALTH_MANAGER__* for the health manager's options.
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pino } from 'pino';
import type { loadConfig as LoadConfig } from '../../src/config/load.js';
import type { openDatabaseUrl as OpenDatabaseUrl } from '../../src/db/connection.js';
import type { startHealthManager as StartHealthManager } from '../../src/health-manager/health-manager.js';
import { PROBE_RESOLUTION_MS } from './probe-constants.js';

export interface ProbeReport {
  /** event-loop delay beyond the sampling interval, ms */
  eventLoopDelayMs: { p50: number; p99: number; max: number };
  /** user + system CPU of the probe process over the measurement, ms */
  cpuMs: number;
  elapsedMs: number;
  /** counters at the reset and now */
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const dist = env('BENCH_PROBE_DIST');
const { loadConfig } = (await import(join(dist, 'config/load.js'))) as { loadConfig: typeof LoadConfig };
const { openDatabaseUrl } = (await import(join(dist, 'db/connection.js'))) as { openDatabaseUrl: typeof OpenDatabaseUrl };
const { startHealthManager } = (await import(join(dist, 'health-manager/health-manager.js'))) as {
  startHealthManager: typeof StartHealthManager;
};

const config = loadConfig({
  files: [],
  overrides: {
    health_manager: { heartbeat_key: env('BENCH_PROBE_KEY'), bind_ip: '127.0.0.1', bind_port: env('BENCH_PROBE_PORT') },
  },
});
const database = openDatabaseUrl(env('BENCH_PROBE_DB_URL'), 4);
const hm = await startHealthManager({ config, db: database.db, dialect: database.dialect, log: pino({ level: 'error' }) });

const histogram = monitorEventLoopDelay({ resolution: PROBE_RESOLUTION_MS });
histogram.enable();
let since = { at: Date.now(), cpu: process.cpuUsage(), counters: structuredClone(hm.counters) as unknown as Record<string, unknown> };
const delay = (ns: number) => Math.max(0, Math.round((ns / 1e6 - PROBE_RESOLUTION_MS) * 100) / 100);

process.on('message', (msg: { cmd: 'reset' | 'report' | 'stop' }) => {
  void (async () => {
    if (msg.cmd === 'reset') {
      histogram.reset();
      since = { at: Date.now(), cpu: process.cpuUsage(), counters: structuredClone(hm.counters) as unknown as Record<string, unknown> };
      process.send?.({ reset: true });
    } else if (msg.cmd === 'report') {
      const cpu = process.cpuUsage(since.cpu);
      const elapsedMs = Date.now() - since.at;
      const eventLoopDelayMs = { p50: delay(histogram.percentile(50)), p99: delay(histogram.percentile(99)), max: delay(histogram.max) };
      await hm.scanStale();
      await hm.drain();
      const report: ProbeReport = {
        eventLoopDelayMs,
        cpuMs: Math.round((cpu.user + cpu.system) / 1000),
        elapsedMs,
        before: since.counters,
        after: structuredClone(hm.counters) as unknown as Record<string, unknown>,
      };
      process.send?.({ report });
    } else {
      await hm.stop();
      await database.close();
      process.exit(0);
    }
  })();
});
process.send?.({ ready: { port: hm.address.port } });

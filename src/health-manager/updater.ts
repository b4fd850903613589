// Writes one batch of heartbeats in one transaction: amphora_health refreshes, the operating statuses that changed
// (Octavia's update_health rules, rollup.ts) and listener statistics. Reads first, outside the transaction, then
// writes only what differs from what was read.
import type { Logger } from 'pino';
import type { Db } from '../db/connection.js';
import { isRetryableConflict } from '../db/errors.js';
import type { HealthGraph } from '../db/health-graph.js';
import { loadHealthGraphs, refreshAmphoraHealth, writeOperatingStatuses } from '../db/repositories/health.js';
import { type ListenerStatsRow, recordListenerStats } from '../db/repositories/statistics.js';
import type { Dialect } from '../db/url.js';
import type { HealthCounters, RateLimitedLog } from './counters.js';
import { type AmphoraBatch, mergeHeartbeats, type ReceivedHeartbeat } from './merge.js';
import { refreshesHealth, rollUpStatuses, withUpdates } from './rollup.js';

export interface UpdaterDeps {
  readonly db: Db;
  readonly dialect: Dialect;
  readonly log: Logger;
  readonly warn: RateLimitedLog;
  readonly counters: HealthCounters;
  /** [health_manager] heartbeat_interval in ms: heartbeats that waited longer are dropped, as Octavia does */
  readonly maxDelayMs: number;
}

interface Writes {
  health: string[];
  statuses: { load_balancer: Map<string, string>; listener: Map<string, string>; pool: Map<string, string>; member: Map<string, string> };
  stats: { add: ListenerStatsRow[]; replace: ListenerStatsRow[] };
  processed: number;
  mismatches: number;
}

const MAX_ATTEMPTS = 3;

export async function processHeartbeats(deps: UpdaterDeps, heartbeats: readonly ReceivedHeartbeat[]): Promise<void> {
  const now = Date.now();
  const fresh = heartbeats.filter((h) => now - h.receivedAt < deps.maxDelayMs);
  if (fresh.length < heartbeats.length) {
    deps.counters.dropped.too_slow += heartbeats.length - fresh.length;
    deps.warn.warn(
      'too_slow',
      { dropped: heartbeats.length - fresh.length },
      'heartbeats waited longer than heartbeat_interval and were ignored: the health manager or its database is overloaded',
    );
  }
  if (fresh.length === 0) return;
  const batches = mergeHeartbeats(fresh);
  try {
    const writes = await planWrites(deps, batches);
    await writeWithRetry(deps, writes);
    deps.counters.processed += writes.processed;
    deps.counters.listenerCountMismatch += writes.mismatches;
    deps.counters.batches++;
    deps.counters.lastBatchSize = fresh.length;
  } catch (err) {
    deps.counters.dropped.db_error += fresh.length;
    deps.log.error({ err, heartbeats: fresh.length }, 'could not write a batch of heartbeats; they are dropped');
  }
}

async function planWrites(deps: UpdaterDeps, batches: Map<string, AmphoraBatch>): Promise<Writes> {
  const { amphorae, graphs } = await loadHealthGraphs(deps.db, [...batches.keys()]);
  const original = new Map(graphs);
  const writes: Writes = {
    health: [],
    statuses: { load_balancer: new Map(), listener: new Map(), pool: new Map(), member: new Map() },
    stats: { add: [], replace: [] },
    processed: 0,
    mismatches: 0,
  };
  for (const batch of batches.values()) {
    const amp = amphorae.get(batch.amphoraId);
    if (!amp) {
      deps.counters.dropped.unknown_amphora += batch.count;
      deps.warn.warn(
        `unknown:${batch.amphoraId}`,
        { amphora: batch.amphoraId },
        'heartbeat from an amphora missing from the database; an operator must delete it from the compute service',
      );
      continue;
    }
    const graph = amp.loadBalancerId ? graphs.get(amp.loadBalancerId) : undefined;
    if (!graph) {
      // Octavia deletes such (zombie) amphorae's instances; here nothing is written and the amphora is left alone
      deps.counters.dropped.no_load_balancer += batch.count;
      deps.warn.warn(
        `zombie:${batch.amphoraId}`,
        { amphora: batch.amphoraId, status: amp.status },
        'heartbeat from an amphora that serves no load balancer; ignored',
      );
      continue;
    }
    const count = refreshesHealth(graph, batch.latest);
    if (count.refresh) writes.health.push(batch.amphoraId);
    else {
      writes.mismatches += batch.count;
      deps.warn.warn(
        `count:${batch.amphoraId}`,
        { amphora: batch.amphoraId, found: count.found, expected: count.expected },
        'amphora heartbeat reports a different number of listeners than expected; its health is not refreshed',
      );
    }
    const updates = rollUpStatuses(graph, batch.latest);
    for (const line of updates.unknown) deps.warn.warn(`status:${batch.amphoraId}`, { amphora: batch.amphoraId }, line);
    graphs.set(graph.id, withUpdates(graph, updates));
    addStats(writes, batch, graph);
    writes.processed += batch.count;
  }
  // only values that differ from the database at read time; the last amphora of a load balancer wins
  for (const [lbId, graph] of graphs) diffGraph(original.get(lbId) as HealthGraph, graph, writes.statuses);
  return writes;
}

function addStats(writes: Writes, batch: AmphoraBatch, graph: HealthGraph): void {
  for (const [listenerId, s] of batch.stats) {
    // rows only for this load balancer's listeners: an amphora cannot create statistics for someone else's
    if (!graph.listeners.has(listenerId)) continue;
    writes.stats[s.mode].push({
      listener_id: listenerId,
      amphora_id: batch.amphoraId,
      bytes_in: s.bytesIn,
      bytes_out: s.bytesOut,
      active_connections: s.activeConnections,
      total_connections: s.totalConnections,
      request_errors: s.requestErrors,
    });
  }
}

function diffGraph(before: HealthGraph, after: HealthGraph, out: Writes['statuses']): void {
  if (before === after) return;
  if (after.operatingStatus !== before.operatingStatus) out.load_balancer.set(after.id, after.operatingStatus);
  for (const [id, l] of after.listeners)
    if (l.operatingStatus !== before.listeners.get(id)?.operatingStatus) out.listener.set(id, l.operatingStatus);
  for (const [id, p] of after.pools) {
    const old = before.pools.get(id);
    if (p.operatingStatus !== old?.operatingStatus) out.pool.set(id, p.operatingStatus);
    for (const [m, v] of p.members) if (v.operatingStatus !== old?.members.get(m)?.operatingStatus) out.member.set(m, v.operatingStatus);
  }
}

async function writeWithRetry(deps: UpdaterDeps, writes: Writes): Promise<void> {
  const statusCount = Object.values(writes.statuses).reduce((n, m) => n + m.size, 0);
  if (writes.health.length === 0 && statusCount === 0 && writes.stats.add.length === 0 && writes.stats.replace.length === 0) return;
  for (let attempt = 1; ; attempt++) {
    try {
      await deps.db.transaction().execute(async (tx) => {
        await refreshAmphoraHealth(tx, deps.dialect, writes.health);
        // children before parents, as Octavia writes the load balancer last
        for (const table of ['member', 'pool', 'listener', 'load_balancer'] as const) {
          await writeOperatingStatuses(tx, table, writes.statuses[table]);
        }
        if (writes.stats.add.length > 0) await recordListenerStats(tx, deps.dialect, writes.stats.add, 'add');
        if (writes.stats.replace.length > 0) await recordListenerStats(tx, deps.dialect, writes.stats.replace, 'replace');
      });
      deps.counters.statusWrites += statusCount;
      return;
    } catch (err) {
      if (!isRetryableConflict(err) || attempt >= MAX_ATTEMPTS) throw err;
    }
  }
}

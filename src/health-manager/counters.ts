// What the health manager did with every datagram, by outcome; and warnings that cannot flood the log when a
// thousand amphorae misbehave at once.
import type { Logger } from 'pino';
import type { HeartbeatRejection } from '../contracts/heartbeat.js';

export type DropReason =
  | HeartbeatRejection
  | 'no_timestamp' // no signed ts (heartbeat_require_timestamp, or from an amphora that sent one before)
  | 'stale_ts' // signed ts older than heartbeat_freshness_window: replayed, or the amphora's clock is behind
  | 'future_ts' // signed ts newer than heartbeat_freshness_window: the amphora's clock is ahead
  | 'stale_seq' // replayed or reordered ((ts, seq) not above the last accepted)
  | 'unknown_amphora' // no such amphora row
  | 'no_load_balancer' // amphora DELETED, spare, or its load balancer DELETED
  | 'too_slow' // waited longer than heartbeat_interval before processing (Octavia drops those too)
  | 'overload' // the in-memory queue was full
  | 'db_error'; // the batch's transaction failed

export interface HealthCounters {
  /** datagrams read from the socket */
  received: number;
  /** datagrams that are no valid heartbeat signed with heartbeat_key (the codec's reasons in dropped, summed) */
  rejected: number;
  /** heartbeats written (health and/or statuses and statistics) */
  processed: number;
  /** heartbeats processed that did not refresh amphora_health (listener count differs from the expected) */
  listenerCountMismatch: number;
  batches: number;
  lastBatchSize: number;
  statusWrites: number;
  failoversEnqueued: number;
  /** scans that found failover_threshold reached */
  failoverThresholdStops: number;
  /** stale-amphora scans run to the end (periodic and scanStale()): a check that nothing was failed over means
   * something only once scans have run after the point of interest */
  scans: number;
  dropped: Record<DropReason, number>;
}

export function newCounters(): HealthCounters {
  return {
    received: 0,
    rejected: 0,
    processed: 0,
    listenerCountMismatch: 0,
    batches: 0,
    lastBatchSize: 0,
    statusWrites: 0,
    failoversEnqueued: 0,
    failoverThresholdStops: 0,
    scans: 0,
    dropped: {
      oversized: 0,
      too_short: 0,
      bad_header: 0,
      bad_hmac: 0,
      bad_compression: 0,
      too_large: 0,
      bad_json: 0,
      bad_message: 0,
      no_timestamp: 0,
      stale_ts: 0,
      future_ts: 0,
      stale_seq: 0,
      unknown_amphora: 0,
      no_load_balancer: 0,
      too_slow: 0,
      overload: 0,
      db_error: 0,
    },
  };
}

/** At most one warning per key per interval; the next one says how many were suppressed. */
export class RateLimitedLog {
  private readonly last = new Map<string, { at: number; suppressed: number }>();

  constructor(
    private readonly log: Logger,
    private readonly intervalMs = 10_000,
  ) {}

  warn(key: string, fields: Record<string, unknown>, message: string, nowMs = Date.now()): void {
    const entry = this.last.get(key);
    if (entry && nowMs - entry.at < this.intervalMs) {
      entry.suppressed++;
      return;
    }
    this.log.warn({ ...fields, ...(entry?.suppressed ? { suppressed: entry.suppressed } : {}) }, message);
    this.last.set(key, { at: nowMs, suppressed: 0 });
  }
}

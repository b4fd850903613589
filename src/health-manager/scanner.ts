// The stale-amphora scan (Octavia's HealthManager.health_check, octavia-amphora.md §5.3): every
// health_check_interval, amphorae silent for heartbeat_timeout are claimed (amphora_health.busy 0 → 1, one
// conditional UPDATE) and a failover_amphora job is enqueued with their load balancer locked to PENDING_UPDATE, all
// in one transaction. When failover_threshold or more amphorae are stale at once (a network or controller problem
// rather than dead amphorae) none is failed over: they become FAILOVER_STOPPED until they heartbeat again.
import type { Logger } from 'pino';
import { secondsAgo } from '../common/time.js';
import type { Db } from '../db/connection.js';
import { isRetryableConflict } from '../db/errors.js';
import {
  claimStaleAmphora,
  countStaleAmphorae,
  findStaleAmphorae,
  restoreFailoverStopped,
  type StaleAmphora,
  stopFailoverOfStale,
} from '../db/repositories/health.js';
import { FAILOVERABLE_STATUSES } from '../db/repositories/status-locks.js';
import { enqueueAmphoraFailover } from '../jobboard/failover.js';
import type { HealthCounters } from './counters.js';

export interface ScannerDeps {
  readonly db: Db;
  readonly log: Logger;
  readonly counters: HealthCounters;
  readonly heartbeatTimeoutS: number;
  readonly failoverThreshold: number | null;
  /** most failovers enqueued per scan (Octavia's failover_threads) */
  readonly maxPerScan: number;
  /** called after a job was committed (wakes workers in this process) */
  readonly onEnqueued?: () => void;
}

export type ScanResult =
  | { readonly kind: 'failovers'; readonly amphorae: readonly string[] }
  | { readonly kind: 'threshold'; readonly stale: number };

class LoadBalancerBusy extends Error {
  override readonly name = 'LoadBalancerBusy';
}

export class StaleAmphoraScanner {
  /** the stale count last reported at the threshold, so the error is logged once per episode, not every scan */
  private thresholdReported: number | null = null;

  constructor(private readonly deps: ScannerDeps) {}

  async scan(): Promise<ScanResult> {
    const result = await this.scanOnce();
    // counted once done, not when started: a scan counted after a mark began after everything before the mark
    this.deps.counters.scans++;
    return result;
  }

  private async scanOnce(): Promise<ScanResult> {
    const { db, log } = this.deps;
    const cutoff = secondsAgo(this.deps.heartbeatTimeoutS);
    const restored = await restoreFailoverStopped(db, cutoff);
    if (restored > 0) log.info({ amphorae: restored }, 'amphorae in FAILOVER_STOPPED heartbeat again and are ALLOCATED');

    const threshold = this.deps.failoverThreshold;
    if (threshold !== null) {
      const stale = await countStaleAmphorae(db, cutoff);
      if (stale >= threshold) {
        const stopped = await stopFailoverOfStale(db, cutoff);
        this.deps.counters.failoverThresholdStops++;
        if (this.thresholdReported !== stale) {
          log.error(
            { stale, failover_threshold: threshold, set_failover_stopped: stopped },
            `Stale amphora count ${stale} reached failover_threshold ${threshold}: no amphora is failed over; they are ` +
              `FAILOVER_STOPPED until they heartbeat again`,
          );
          this.thresholdReported = stale;
        }
        return { kind: 'threshold', stale };
      }
      this.thresholdReported = null;
    }

    const failedOver: string[] = [];
    for (const amp of await findStaleAmphorae(db, cutoff, this.deps.maxPerScan)) {
      if (await this.failOver(amp, cutoff)) failedOver.push(amp.id);
    }
    if (failedOver.length > 0) this.deps.onEnqueued?.();
    return { kind: 'failovers', amphorae: failedOver };
  }

  private async failOver(amp: StaleAmphora, cutoff: string): Promise<boolean> {
    const { db, log } = this.deps;
    try {
      const claimed = await db.transaction().execute(async (tx) => {
        // another health manager may have claimed it since the candidate query
        if (!(await claimStaleAmphora(tx, amp.id, cutoff))) return false;
        if (!(await enqueueAmphoraFailover(tx, amp, FAILOVERABLE_STATUSES))) throw new LoadBalancerBusy();
        return true;
      });
      if (claimed) {
        this.deps.counters.failoversEnqueued++;
        log.warn({ amphora: amp.id, loadbalancer: amp.load_balancer_id }, 'amphora stopped sending heartbeats; failover enqueued');
      }
      return claimed;
    } catch (err) {
      if (err instanceof LoadBalancerBusy) {
        // rolled back (busy is 0 again): retried on a later scan once the load balancer is ACTIVE or ERROR again
        log.info(
          { amphora: amp.id, loadbalancer: amp.load_balancer_id },
          'stale amphora skipped: its load balancer is immutable right now',
        );
        return false;
      }
      if (isRetryableConflict(err)) return false;
      throw err;
    }
  }
}

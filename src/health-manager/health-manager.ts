// The health manager: a UDP receiver for amphora heartbeats on [health_manager] bind_ip:bind_port that writes them
// in batches (updater.ts), and the stale-amphora scan that fails silent amphorae over (scanner.ts). Runs as its
// own process (`octavia health-manager`) or inside all-in-one; any number may share one database.
import { createSocket, type Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import type { Logger } from 'pino';
import type { OctaviaConfig } from '../config/config.js';
import { ConfigError } from '../config/load.js';
import { decodeHeartbeat, HEARTBEAT_MAX_DATAGRAM_BYTES } from '../contracts/heartbeat.js';
import type { Db } from '../db/connection.js';
import type { Dialect } from '../db/url.js';
import type { JobSignal } from '../jobboard/signal.js';
import { type HealthCounters, newCounters, RateLimitedLog } from './counters.js';
import type { ReceivedHeartbeat } from './merge.js';
import { ReplayGuard, type ReplayVerdict } from './replay-guard.js';
import { type ScanResult, StaleAmphoraScanner } from './scanner.js';
import { processHeartbeats, type UpdaterDeps } from './updater.js';

export interface HealthManagerOptions {
  readonly config: OctaviaConfig;
  readonly db: Db;
  readonly dialect: Dialect;
  readonly log: Logger;
  /** wakes the workers of this process when a failover job is committed (all-in-one) */
  readonly jobSignal?: JobSignal;
  /** how long the first heartbeat of a batch waits for company (default 50 ms) */
  readonly batchWindowMs?: number;
  /** most heartbeats per transaction (default 500) */
  readonly batchMaxSize?: number;
  /** false: no periodic stale-amphora scan (tests call scanStale() themselves); default true */
  readonly scan?: boolean;
}

export interface HealthManager {
  /** where the receiver listens (bind_port 0 picks a free port) */
  readonly address: { readonly address: string; readonly port: number };
  readonly counters: Readonly<HealthCounters>;
  /** one stale-amphora scan now */
  scanStale(): Promise<ScanResult>;
  /** resolves once every heartbeat received so far is written or dropped */
  drain(): Promise<void>;
  /** stops receiving and scanning, writes what was received, leaves the database open (the caller owns it) */
  stop(): Promise<void>;
}

const REPLAY_WARNINGS: Record<Exclude<ReplayVerdict, 'accepted'>, string> = {
  no_timestamp:
    'heartbeat dropped: no signed timestamp (ts); an amphora agent that sends none needs [health_manager] ' +
    'heartbeat_require_timestamp = false',
  stale_ts: 'heartbeat dropped: its signed timestamp is older than heartbeat_freshness_window (replayed, or the amphora clock is behind)',
  future_ts: 'heartbeat dropped: its signed timestamp is ahead of heartbeat_freshness_window (the amphora clock is ahead)',
  stale_seq: 'heartbeat dropped: replayed or out of order ((ts, seq) not above the last one)',
};

/** Beyond this many heartbeats waiting for the database, new ones are dropped (counted as overload). */
const MAX_PENDING = 100_000;
/** Bigger than the default socket buffer so a burst of heartbeats survives one slow transaction. */
const RECV_BUFFER_BYTES = 8 * 1024 * 1024;

export async function startHealthManager(opts: HealthManagerOptions): Promise<HealthManager> {
  const hm = opts.config.health_manager;
  if (!hm.heartbeat_key) throw new ConfigError('[health_manager] heartbeat_key must be set: heartbeats are signed with it');
  const key = hm.heartbeat_key;
  const { log } = opts;
  const counters = newCounters();
  const warn = new RateLimitedLog(log);
  const freshnessWindowMs = (hm.heartbeat_freshness_window ?? hm.heartbeat_timeout / 2) * 1000;
  const replays = new ReplayGuard({
    windowMs: freshnessWindowMs,
    requireTimestamp: hm.heartbeat_require_timestamp,
    silenceMs: hm.heartbeat_timeout * 1000,
  });
  const batchWindowMs = opts.batchWindowMs ?? 50;
  const batchMax = opts.batchMaxSize ?? 500;
  const deps: UpdaterDeps = { db: opts.db, dialect: opts.dialect, log, warn, counters, maxDelayMs: hm.heartbeat_interval * 1000 };

  let pending: ReceivedHeartbeat[] = [];
  let flushing: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;

  const runFlush = async () => {
    // whatever arrived while a batch was being written is the next batch: batches grow with the load
    while (pending.length > 0) {
      const batch = pending.length <= batchMax ? pending : pending.slice(0, batchMax);
      pending = pending.length <= batchMax ? [] : pending.slice(batchMax);
      await processHeartbeats(deps, batch);
    }
    flushing = null;
  };
  const kick = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (!flushing) flushing = runFlush();
  };

  const onDatagram = (datagram: Buffer, from: { address: string; port: number }) => {
    counters.received++;
    const decoded = decodeHeartbeat(datagram, key);
    if (!decoded.ok) {
      counters.rejected++;
      counters.dropped[decoded.reason]++;
      warn.warn(`reject:${decoded.reason}`, { from: from.address, reason: decoded.reason, detail: decoded.detail }, 'heartbeat dropped');
      return;
    }
    const receivedAt = Date.now();
    const message = decoded.message;
    const verdict = replays.check(message.id, message.ts, message.seq, receivedAt);
    if (verdict !== 'accepted') {
      counters.dropped[verdict]++;
      const fields = {
        from: from.address,
        amphora: message.id,
        seq: message.seq,
        ts: message.ts,
        skew_ms: message.ts === undefined ? undefined : message.ts - receivedAt,
      };
      warn.warn(`${verdict}:${message.id}`, fields, REPLAY_WARNINGS[verdict]);
      return;
    }
    if (pending.length >= MAX_PENDING) {
      counters.dropped.overload++;
      warn.warn('overload', { pending: pending.length }, 'heartbeat dropped: too many waiting for the database');
      return;
    }
    pending.push({ message, receivedAt });
    if (flushing) return;
    if (pending.length >= batchMax) kick();
    else timer ??= setTimeout(kick, batchWindowMs);
  };

  const socket: Socket = createSocket({ type: isIPv6(hm.bind_ip) ? 'udp6' : 'udp4', recvBufferSize: RECV_BUFFER_BYTES });
  socket.on('message', onDatagram);
  socket.on('error', (err) => log.error({ err }, 'heartbeat socket error'));
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(hm.bind_port, hm.bind_ip, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  const bound = socket.address();
  log.info(
    {
      address: bound.address,
      port: bound.port,
      max_datagram: HEARTBEAT_MAX_DATAGRAM_BYTES,
      freshness_window_ms: freshnessWindowMs,
      require_timestamp: hm.heartbeat_require_timestamp,
    },
    'health manager receiving heartbeats',
  );

  const scanner = new StaleAmphoraScanner({
    db: opts.db,
    log,
    counters,
    heartbeatTimeoutS: hm.heartbeat_timeout,
    failoverThreshold: hm.failover_threshold,
    maxPerScan: hm.failover_threads,
    ...(opts.jobSignal ? { onEnqueued: () => opts.jobSignal?.notify() } : {}),
  });
  let stopped = false;
  let scanning: Promise<unknown> = Promise.resolve();
  let scanTimer: NodeJS.Timeout | null = null;
  const scheduleScan = (delayS: number) => {
    scanTimer = setTimeout(() => {
      scanning = scanner
        .scan()
        .catch((err) => log.error({ err }, 'stale-amphora scan failed'))
        .finally(() => {
          replays.prune(Date.now(), 10 * hm.heartbeat_timeout * 1000);
          if (!stopped) scheduleScan(hm.health_check_interval);
        });
    }, delayS * 1000);
  };
  // The first scan waits until every live amphora has had heartbeat_timeout to reach this receiver. After a
  // controller outage longer than heartbeat_timeout every last heartbeat in the database is stale; scanning before
  // the amphorae check in would fail over all of them (Octavia sleeps off heartbeat_timeout after a database outage
  // for the same reason).
  if (opts.scan ?? true) scheduleScan(Math.max(hm.health_check_interval, hm.heartbeat_timeout));

  const drain = async () => {
    for (;;) {
      if (timer || (!flushing && pending.length > 0)) kick();
      if (!flushing) return;
      await flushing;
    }
  };

  return {
    address: { address: bound.address, port: bound.port },
    counters,
    scanStale: () => scanner.scan(),
    drain,
    async stop() {
      if (stopped) return;
      stopped = true;
      if (scanTimer) clearTimeout(scanTimer);
      await new Promise<void>((resolve) => socket.close(() => resolve()));
      await scanning;
      await drain();
    },
  };
}

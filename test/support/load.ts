// The one load loop of the data-plane tests: a few concurrent clients send GETs through a VIP (a new connection each,
// so every request goes through the load balancer's accept path), bounded by a request count and a duration so a
// failing test never leaves it running, and only to loopback addresses. Every outcome is recorded with its time:
// tests count answers per backend (tally), read failures during an operation (hitless updates, certificate
// rotation), or the time of the first success after an event (failover).
import { isIP } from 'node:net';
import { eventually } from './eventually.js';
import { httpGet, type Reply, type RequestOptions } from './http-client.js';

export interface LoadOutcome {
  /** performance.now() when the request completed or failed */
  readonly at: number;
  /** a 2xx answer */
  readonly ok: boolean;
  /** the body of a 2xx answer (the backend's name), else the status and body or the connection error */
  readonly detail: string;
}

export interface Tally {
  /** answers per backend name (2xx only) */
  readonly counts: Record<string, number>;
  readonly requests: number;
  /** connection errors, timeouts and non-2xx answers */
  readonly failures: number;
  /** the first few failure descriptions, for assertion messages */
  readonly errors: string[];
  readonly elapsedMs: number;
}

export interface LoadOptions extends RequestOptions {
  /** total requests (default 1,000,000); the loop stops at whichever bound comes first */
  readonly count?: number;
  /** hard bound on the loop's duration (default 30 s) */
  readonly maxMs?: number;
  /** concurrent clients (default 1: requests in order, so round-robin counts are exact) */
  readonly concurrency?: number;
  /** pause between the requests of one client (default none) */
  readonly pauseMs?: number;
  /** what a 2xx answer records as its detail (default: the body, the backend's name) */
  readonly detailOf?: (reply: Reply) => string;
}

export interface Load {
  readonly outcomes: readonly LoadOutcome[];
  okCount(since?: number): number;
  failures(since?: number): LoadOutcome[];
  /** resolves with the time of the first success completed after `since`; rejects after timeoutMs */
  firstOkAfter(since: number, timeoutMs: number): Promise<number>;
  /** the same for the first failure */
  firstFailureAfter(since: number, timeoutMs: number): Promise<number>;
  /** whether the loop ended on its own (count or maxMs reached) before stop() */
  ended(): boolean;
  /** resolves with the tally once the loop ended, on its own or by stop() */
  readonly finished: Promise<Tally>;
  /** stops issuing requests, waits for those in flight and returns the tally */
  stop(): Promise<Tally>;
}

function assertLoopback(url: string): void {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  const loopback = host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));
  if (!loopback) throw new Error(`load loop: ${url} is not a loopback address`);
}

async function outcomeOf(url: string, opts: LoadOptions): Promise<Omit<LoadOutcome, 'at'>> {
  try {
    const reply = await httpGet(url, opts);
    const ok = reply.status >= 200 && reply.status < 300;
    return { ok, detail: ok ? (opts.detailOf?.(reply) ?? reply.body) : `HTTP ${reply.status}: ${reply.body.slice(0, 200)}` };
  } catch (err) {
    return { ok: false, detail: (err as Error).message };
  }
}

function tallyOf(outcomes: readonly LoadOutcome[], elapsedMs: number): Tally {
  const counts: Record<string, number> = {};
  const errors: string[] = [];
  let failures = 0;
  for (const o of outcomes) {
    if (o.ok) counts[o.detail] = (counts[o.detail] ?? 0) + 1;
    else if (++failures <= 10) errors.push(o.detail);
  }
  return { counts, requests: outcomes.length, failures, errors, elapsedMs };
}

/** Starts the load in the background; it runs until stop() or its bounds (count, maxMs). */
export function startLoad(url: string, opts: LoadOptions = {}): Load {
  assertLoopback(url);
  const count = opts.count ?? 1_000_000;
  const started = performance.now();
  const endAt = started + (opts.maxMs ?? 30_000);
  const outcomes: LoadOutcome[] = [];
  let issued = 0;
  let stopped = false;
  let ended = false;
  const client = async (): Promise<void> => {
    while (!stopped && issued < count && performance.now() < endAt) {
      issued++;
      const outcome = await outcomeOf(url, opts);
      outcomes.push({ at: performance.now(), ...outcome });
      if (opts.pauseMs && !stopped) await new Promise((r) => setTimeout(r, opts.pauseMs));
    }
  };
  const finished = Promise.all(Array.from({ length: opts.concurrency ?? 1 }, client)).then(() => {
    if (!stopped) ended = true;
    return tallyOf(outcomes, performance.now() - started);
  });
  const firstAfter = (ok: boolean, since: number, timeoutMs: number) => {
    const first = () => outcomes.find((o) => o.ok === ok && o.at > since)?.at;
    const detail = () => `last outcome: ${outcomes.at(-1)?.detail ?? 'none'}`;
    return eventually(`a ${ok ? 'successful' : 'failed'} request after ${since.toFixed(0)} ms`, first, {
      timeoutMs,
      intervalMs: 5,
      detail,
    });
  };
  return {
    outcomes,
    okCount: (since = 0) => outcomes.filter((o) => o.ok && o.at >= since).length,
    failures: (since = 0) => outcomes.filter((o) => !o.ok && o.at >= since),
    firstOkAfter: (since, timeoutMs) => firstAfter(true, since, timeoutMs),
    firstFailureAfter: (since, timeoutMs) => firstAfter(false, since, timeoutMs),
    ended: () => ended,
    finished,
    async stop() {
      stopped = true;
      return finished;
    },
  };
}

/** Sends `count` GETs (bounded by maxMs) and counts the answers per backend name. */
export async function tally(url: string, opts: LoadOptions & { count: number }): Promise<Tally> {
  return startLoad(url, opts).finished;
}

// A bounded load loop for data-plane tests: a few concurrent clients send GET requests (a new connection each, so
// every request goes through the load balancer's accept path) until stopped or until maxDurationMs, and record every
// outcome with its time. Tests read failures during an operation (hitless updates, certificate rotation) or the time
// of the first success after an event (failover).
import { request } from 'node:http';

export interface LoadOutcome {
  /** performance.now() when the request completed or failed */
  readonly at: number;
  readonly ok: boolean;
  /** response body (the backend's name) or the error */
  readonly detail: string;
}

export interface LoadLoopOptions {
  /** concurrent clients (default 2) */
  readonly concurrency?: number;
  /** per-request timeout (default 2000 ms) */
  readonly timeoutMs?: number;
  /** pause between the requests of one client (default 5 ms) */
  readonly pauseMs?: number;
  /** the loop stops by itself after this long (default 120 s), so a failing test never leaves it running */
  readonly maxDurationMs?: number;
}

export interface LoadLoop {
  readonly outcomes: readonly LoadOutcome[];
  okCount(since?: number): number;
  failures(since?: number): LoadOutcome[];
  /** resolves with the time of the first success completed after `since`; rejects after timeoutMs */
  firstOkAfter(since: number, timeoutMs: number): Promise<number>;
  /** the same for the first failure */
  firstFailureAfter(since: number, timeoutMs: number): Promise<number>;
  /** stops the clients and waits for their last requests */
  stop(): Promise<void>;
}

/** One GET on a new connection; ok means status 200. */
export function getOnce(url: string, timeoutMs: number): Promise<{ ok: boolean; detail: string }> {
  return new Promise((resolve) => {
    const req = request(url, { agent: false, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8').trim();
        resolve({ ok: res.statusCode === 200, detail: res.statusCode === 200 ? body : `HTTP ${res.statusCode} ${body.slice(0, 80)}` });
      });
      res.on('error', (err) => resolve({ ok: false, detail: err.message }));
    });
    req.on('timeout', () => req.destroy(new Error(`timeout after ${timeoutMs} ms`)));
    req.on('error', (err: NodeJS.ErrnoException) => resolve({ ok: false, detail: err.code ?? err.message }));
    req.end();
  });
}

export function startLoadLoop(url: string, opts: LoadLoopOptions = {}): LoadLoop {
  const concurrency = opts.concurrency ?? 2;
  const timeoutMs = opts.timeoutMs ?? 2000;
  const pauseMs = opts.pauseMs ?? 5;
  const endAt = performance.now() + (opts.maxDurationMs ?? 120_000);
  const outcomes: LoadOutcome[] = [];
  let stopped = false;
  const waiters = new Set<() => void>();

  const client = async () => {
    while (!stopped && performance.now() < endAt) {
      const r = await getOnce(url, timeoutMs);
      outcomes.push({ at: performance.now(), ...r });
      for (const w of waiters) w();
      if (pauseMs > 0) await new Promise((res) => setTimeout(res, pauseMs));
    }
  };
  const clients = Array.from({ length: concurrency }, client);

  return {
    outcomes,
    okCount: (since = 0) => outcomes.filter((o) => o.ok && o.at >= since).length,
    failures: (since = 0) => outcomes.filter((o) => !o.ok && o.at >= since),
    firstOkAfter: (since, waitMs) => firstAfter(true, since, waitMs),
    firstFailureAfter: (since, waitMs) => firstAfter(false, since, waitMs),
    async stop() {
      stopped = true;
      await Promise.all(clients);
    },
  };

  function firstAfter(ok: boolean, since: number, waitMs: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const hit = outcomes.find((o) => o.ok === ok && o.at > since);
        if (!hit) return false;
        cleanup();
        resolve(hit.at);
        return true;
      };
      const timer = setTimeout(() => {
        cleanup();
        const last = outcomes.at(-1);
        reject(new Error(`no ${ok ? 'successful' : 'failed'} request within ${waitMs} ms; last outcome: ${last ? last.detail : 'none'}`));
      }, waitMs);
      const cleanup = () => {
        clearTimeout(timer);
        waiters.delete(onOutcome);
      };
      const onOutcome = () => void check();
      if (!check()) waiters.add(onOutcome);
    });
  }
}

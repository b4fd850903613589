// The one poller of the test suite: a test that waits for something asynchronous (a status, a job, a process, a
// heartbeat) polls a probe with it, so every wait has a bound and every timeout says what was awaited and what was
// last seen, instead of a bare "timed out".
import { inspect } from 'node:util';

export interface EventuallyOptions<T> {
  /** default 10 s */
  readonly timeoutMs?: number;
  /** pause between probes (default 100 ms) */
  readonly intervalMs?: number;
  /** the probe's value is accepted once this holds; without it, once the value is not undefined, null or false */
  readonly until?: (value: T) => boolean;
  /** how the last value reads in the timeout message (default: JSON, or util.inspect when JSON cannot show it) */
  readonly show?: (value: T) => string;
  /** more for the timeout message (a service's log tail, a child's output) */
  readonly detail?: () => string;
}

type Probe<T> = () => T | Promise<T>;

/** Thrown from a probe, ends the wait at once (a process that exited will not come up by waiting). */
export class GiveUp extends Error {}

const accepted = (value: unknown) => value !== undefined && value !== null && value !== false;

function showValue(value: unknown): string {
  try {
    const json = JSON.stringify(value);
    if (json !== undefined) return json.length > 2000 ? `${json.slice(0, 2000)}...` : json;
  } catch {
    // circular, BigInt: inspect below
  }
  return inspect(value, { depth: 4, breakLength: Infinity });
}

/**
 * Polls `probe` until its value is accepted and returns that value. A probe that throws is retried (the error is
 * what was last observed); a `GiveUp` ends the wait. On timeout, rejects with `what`, the bound, and the last
 * observed value or error.
 */
export async function eventually<T>(
  what: string,
  probe: Probe<T>,
  opts: EventuallyOptions<T> & { until: (value: T) => boolean },
): Promise<T>;
export async function eventually<T>(
  what: string,
  probe: Probe<T>,
  opts?: EventuallyOptions<T>,
): Promise<Exclude<T, undefined | null | false>>;
export async function eventually<T>(what: string, probe: Probe<T>, opts: EventuallyOptions<T> = {}): Promise<T> {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const intervalMs = opts.intervalMs ?? 100;
  const done = opts.until ?? accepted;
  const deadline = performance.now() + timeoutMs;
  let last: { value: T } | { error: unknown } | undefined;
  for (;;) {
    try {
      const value = await probe();
      if (done(value)) return value;
      last = { value };
    } catch (error) {
      const detail = opts.detail ? `\n${opts.detail()}` : '';
      if (error instanceof GiveUp) throw new Error(`${what}: ${error.message}${detail}`, { cause: error });
      last = { error };
    }
    if (performance.now() >= deadline) {
      const seen = !last
        ? 'nothing observed'
        : 'error' in last
          ? `last error: ${last.error instanceof Error ? last.error.message : String(last.error)}`
          : `last value: ${(opts.show ?? showValue)(last.value)}`;
      throw new Error(`${what}: not within ${timeoutMs} ms; ${seen}${opts.detail ? `\n${opts.detail()}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, Math.min(intervalMs, Math.max(0, deadline - performance.now()))));
  }
}

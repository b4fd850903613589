// Waits for background loops to have done their work, for negative checks ("nothing was failed over", "no job ran
// again"): such a check means something only once the loop that would have acted has run after the point of
// interest. A loop that does not run fails the wait, so the check cannot pass on a scanner or worker that is stuck.
import { eventually } from './eventually.js';

async function untilCount(what: string, read: () => number, target: number, timeoutMs: number): Promise<void> {
  await eventually(`${what}: at least ${target}`, read, { until: (n) => n >= target, timeoutMs, intervalMs: 20 });
}

/**
 * A mark to wait from: `const mark = scanMark(hm); ...; await mark.scansSince(2)`. Two completed scans after the
 * mark: at least one of them started after it (the first may have been under way already).
 */
export function scanMark(hm: { readonly counters: { readonly scans: number } }): {
  /** scans completed since the mark */
  count(): number;
  scansSince(n?: number, timeoutMs?: number): Promise<void>;
} {
  const at = hm.counters.scans;
  const count = () => hm.counters.scans - at;
  return {
    count,
    scansSince: (n = 2, timeoutMs = 15_000) => untilCount(`stale-amphora scans completed since the mark (${at})`, count, n, timeoutMs),
  };
}

/** The same for a worker's processed jobs: `await jobMark(worker).jobsSince(1)`. */
export function jobMark(worker: { readonly processed: number }): { jobsSince(n?: number, timeoutMs?: number): Promise<void> } {
  const at = worker.processed;
  return {
    jobsSince: (n = 1, timeoutMs = 15_000) =>
      untilCount(`jobs processed since the mark (${at})`, () => worker.processed - at, n, timeoutMs),
  };
}

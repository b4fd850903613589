// Runs one flow for one job: executes tasks in order, persisting progress after each, so a job resumed by another
// worker skips what is done; on failure reverts the completed tasks in reverse order (also persisted, so a crash
// during revert resumes the revert).
import type { Logger } from 'pino';
import type { AnyFlow, FlowContext, FlowProgress, Task } from './types.js';
import { PermanentTaskError } from './types.js';

export interface RunnerHooks {
  /** called after a task's completion has been persisted (tests use it to crash a worker at that point) */
  afterTaskPersisted?(flow: string, task: string, phase: 'execute' | 'revert'): void | Promise<void>;
  /** makes a task fail on purpose (revert-path tests) */
  failTask?(flow: string, task: string): Error | null;
}

export interface JobHandle {
  readonly id: string;
  readonly flow: string;
  readonly payload: unknown;
  readonly progress: unknown;
  /** persists progress; false when the job was taken over by another worker */
  save(progress: FlowProgress<unknown>): Promise<boolean>;
  /** renews the lease before a task starts; false when the job is no longer ours (nothing may run then) */
  holdsLease(): Promise<boolean>;
  /** true once a renewal found the lease gone (checked between the retry attempts of a task, without a query) */
  leaseLost(): boolean;
  /**
   * Set when the job has used up its attempts: nothing more runs forward; the flow reverts as if the task it was at
   * had failed with this message, so its objects end ERROR instead of PENDING_* for ever.
   */
  readonly giveUp?: string;
}

export type RunOutcome = { state: 'DONE' } | { state: 'FAILED'; error: string } | { state: 'LOST' };

class LeaseLost extends Error {
  override readonly name = 'LeaseLost';
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runFlow<E>(flow: AnyFlow<E>, job: JobHandle, env: E, log: Logger, hooks: RunnerHooks = {}): Promise<RunOutcome> {
  const input = job.payload;
  const lbId = flow.loadBalancerId?.(input) ?? null;
  const flowLog = log.child({ flow: flow.name, job_id: job.id, load_balancer_id: lbId });
  const progress: FlowProgress<unknown> = (job.progress as FlowProgress<unknown> | null) ?? {
    done: [],
    store: flow.initialStore(input),
    reverted: [],
  };
  const ctx = { input, store: progress.store, jobId: job.id, log: flowLog, env } as FlowContext<unknown, unknown> & { env: E };
  const tasks = flow.tasks(input, env) as Task<typeof ctx>[];
  const started = Date.now();
  if (job.progress) flowLog.info({ done: progress.done.length, reverting: Boolean(progress.failure) }, 'resuming flow');

  const persist = async () => {
    progress.store = ctx.store;
    if (!(await job.save(progress))) throw new LeaseLost();
  };
  // a task starts only under a lease renewed for it: once another claim holds the job, it is the owner
  const holdLease = async () => {
    if (!(await job.holdsLease())) throw new LeaseLost();
  };
  const stillHeld = () => {
    if (job.leaseLost()) throw new LeaseLost();
  };

  try {
    const pending = tasks.find((t) => !progress.done.includes(t.name));
    if (job.giveUp && !progress.failure && pending) {
      // the task it was at may have half-run when the worker running it died: it is reverted first, like a failure
      progress.failure = { task: pending.name, message: job.giveUp };
      flowLog.error({ task: pending.name, reason: job.giveUp }, 'giving up on the job; reverting flow');
      await persist();
    }
    if (!progress.failure) {
      for (const task of tasks) {
        if (progress.done.includes(task.name)) continue;
        await holdLease();
        try {
          await executeWithRetry(flow.name, task, ctx, flowLog, hooks, stillHeld);
        } catch (err) {
          if (err instanceof LeaseLost) throw err;
          progress.failure = { task: task.name, message: (err as Error).message };
          flowLog.error({ task: task.name, err }, 'task failed; reverting flow');
          await persist();
          break;
        }
        progress.done.push(task.name);
        await persist();
        await hooks.afterTaskPersisted?.(flow.name, task.name, 'execute');
      }
    }
    if (progress.failure) {
      await revertAll(flow.name, tasks, progress, ctx, flowLog, { persist, holdLease }, hooks);
      flowLog.error({ failed_task: progress.failure.task, duration_ms: Date.now() - started }, 'flow reverted');
      return { state: 'FAILED', error: `${progress.failure.task}: ${progress.failure.message}` };
    }
    flowLog.info({ duration_ms: Date.now() - started, tasks: tasks.length }, 'flow completed');
    return { state: 'DONE' };
  } catch (err) {
    if (err instanceof LeaseLost) {
      flowLog.warn('lease lost: another worker owns this job now; stopping');
      return { state: 'LOST' };
    }
    throw err;
  }
}

async function executeWithRetry<C extends { log: Logger }>(
  flowName: string,
  task: Task<C>,
  ctx: C,
  log: Logger,
  hooks: RunnerHooks,
  stillHeld: () => void,
): Promise<void> {
  const policy = task.retry ?? { attempts: 1, delayMs: 0 };
  let delay = policy.delayMs;
  for (let attempt = 1; ; attempt++) {
    if (attempt > 1) stillHeld();
    const started = Date.now();
    try {
      const injected = hooks.failTask?.(flowName, task.name);
      if (injected) throw new PermanentTaskError(injected.message);
      await task.execute(ctx);
      log.debug({ task: task.name, attempt, duration_ms: Date.now() - started }, 'task done');
      return;
    } catch (err) {
      if (err instanceof PermanentTaskError || attempt >= policy.attempts) throw err;
      log.debug({ task: task.name, attempt, err: (err as Error).message }, 'task attempt failed; retrying');
      await sleep(delay);
      delay = Math.min(delay * (policy.backoff ?? 1), policy.maxDelayMs ?? Number.POSITIVE_INFINITY);
    }
  }
}

async function revertAll<C>(
  flowName: string,
  tasks: Task<C>[],
  progress: FlowProgress<unknown>,
  ctx: C,
  log: Logger,
  lease: { persist: () => Promise<void>; holdLease: () => Promise<void> },
  hooks: RunnerHooks,
): Promise<void> {
  const failed = progress.failure as { task: string; message: string };
  const cause = new Error(failed.message);
  // the failed task first (it may have half-run), then the completed ones, newest first
  const order = [failed.task, ...[...progress.done].reverse()];
  for (const name of order) {
    if (progress.reverted.includes(name)) continue;
    const task = tasks.find((t) => t.name === name);
    if (task?.revert) {
      await lease.holdLease();
      const started = Date.now();
      try {
        await task.revert(ctx, cause);
        log.info({ task: name, duration_ms: Date.now() - started }, 'task reverted');
      } catch (err) {
        // a revert that fails is logged and skipped: the remaining reverts still have to run
        log.error({ task: name, err }, 'task revert failed');
      }
    }
    progress.reverted.push(name);
    await lease.persist();
    await hooks.afterTaskPersisted?.(flowName, name, 'revert');
  }
}

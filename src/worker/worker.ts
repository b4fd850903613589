// The controller worker: claims jobs from the jobboard, runs their flows with a renewed lease, and records the
// outcome. Several of these may run in one process (concurrency) and in many processes at once.
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import { JobBoard } from '../jobboard/board.js';
import type { ClaimedJob, JobLease } from '../jobboard/job.js';
import type { JobSignal } from '../jobboard/signal.js';
import type { Db } from '../db/connection.js';
import { type RunnerHooks, runFlow } from './engine/runner.js';
import type { FlowProgress } from './engine/types.js';
import type { WorkerEnv } from './env.js';
import { FLOWS } from './flows/registry.js';
import { HeldLease } from './lease.js';

/** recording a job's outcome is tried this often, the delay doubling from delayMs (about 1.5 s in all) */
export const FINISH_RETRY = { attempts: 5, delayMs: 100 } as const;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface WorkerOptions {
  readonly concurrency: number;
  readonly pollIntervalMs: number;
  readonly leaseMs: number;
  /** a job claimed more often than this is not run forward again: its flow reverts and the job fails */
  readonly maxAttempts: number;
  readonly signal: JobSignal;
  readonly hooks?: RunnerHooks;
  readonly owner?: string;
}

export class Worker {
  private readonly board: JobBoard;
  private readonly owner: string;
  private running = false;
  private readonly loops: Promise<void>[] = [];
  private readonly log: Logger;
  private processedJobs = 0;

  constructor(
    db: Db,
    private readonly env: WorkerEnv,
    private readonly opts: WorkerOptions,
  ) {
    this.board = new JobBoard(db, opts.leaseMs);
    this.owner = opts.owner ?? `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
    this.log = env.log.child({ component: 'worker', owner: this.owner });
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    for (let i = 0; i < this.opts.concurrency; i++) this.loops.push(this.loop(i));
    this.log.info({ concurrency: this.opts.concurrency }, 'controller worker started');
  }

  /**
   * Jobs this worker claimed and is done with (an outcome recorded, or left for resumption): a check that a job was
   * not run, or not run again, means something only once jobs claimed after the point of interest are done.
   */
  get processed(): number {
    return this.processedJobs;
  }

  /** Stops claiming; resolves once in-flight jobs have finished. */
  async stop(): Promise<void> {
    this.running = false;
    this.opts.signal.notify();
    await Promise.all(this.loops);
  }

  private async loop(slot: number): Promise<void> {
    while (this.running) {
      let job: ClaimedJob | null = null;
      try {
        job = await this.board.claim(this.owner);
      } catch (err) {
        this.log.error({ err, slot }, 'claiming a job failed');
      }
      if (!job) {
        await this.opts.signal.wait(this.opts.pollIntervalMs);
        continue;
      }
      try {
        await this.run(job);
      } catch (err) {
        // run() handles its own failures; this keeps the slot alive (and the rejection handled) whatever happens
        this.log.error({ err, slot, job_id: job.id }, 'running a job failed');
      }
      this.processedJobs++;
    }
  }

  private async run(job: ClaimedJob): Promise<void> {
    const log = this.log.child({ job_id: job.id, flow: job.flow });
    const flow = FLOWS.get(job.flow);
    if (!flow) {
      log.error('job names an unknown flow');
      await this.finish(job.lease, 'FAILED', `unknown flow ${job.flow}`, log);
      return;
    }
    // every claim counts (a worker that died, or lost its lease, used one up); past the limit the job reverts
    const giveUp =
      job.attempts > this.opts.maxAttempts
        ? `attempts exhausted: the job stopped unfinished ${job.attempts - 1} times (max_attempts = ${this.opts.maxAttempts})`
        : undefined;
    const lease = new HeldLease(this.board, job.lease, this.opts.leaseMs, log);
    lease.start();
    try {
      const outcome = await runFlow(
        flow,
        {
          id: job.id,
          flow: job.flow,
          payload: job.payload,
          progress: job.progress,
          save: (progress: FlowProgress<unknown>) => lease.save(progress),
          holdsLease: () => lease.renew(),
          leaseLost: () => lease.isLost(),
          ...(giveUp ? { giveUp } : {}),
        },
        this.env,
        this.log,
        this.opts.hooks,
      );
      if (outcome.state === 'DONE') await this.finish(job.lease, 'DONE', null, log);
      else if (outcome.state === 'FAILED') await this.finish(job.lease, 'FAILED', outcome.error, log);
    } catch (err) {
      // infrastructure trouble (database gone): leave the job to be resumed when the lease expires
      log.error({ err }, 'flow interrupted; the job will be resumed');
    } finally {
      lease.stop();
    }
  }

  /**
   * Records the outcome, retrying a failing database a few times. If it still fails, the job stays RUNNING under a
   * lease nobody renews: another worker resumes it when the lease expires, finds every step done (or reverted) and
   * records the outcome then.
   */
  private async finish(lease: JobLease, state: 'DONE' | 'FAILED', error: string | null, log: Logger): Promise<void> {
    let delay: number = FINISH_RETRY.delayMs;
    for (let attempt = 1; ; attempt++) {
      try {
        const recorded = await this.board.finish(lease, state, error);
        if (!recorded) log.warn({ state }, 'the job was claimed again before its outcome was recorded; its new owner records it');
        return;
      } catch (err) {
        if (attempt >= FINISH_RETRY.attempts) {
          log.error({ err, state }, 'recording the job outcome failed; the job is resumed once its lease expires');
          return;
        }
        log.warn({ err, state, attempt }, 'recording the job outcome failed; retrying');
        await sleep(delay);
        delay *= 2;
      }
    }
  }
}

// The controller worker: claims jobs from the jobboard, runs their flows with a renewed lease, and records the
// outcome. Several of these may run in one process (concurrency) and in many processes at once.
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import { JobBoard } from '../jobboard/board.js';
import type { ClaimedJob } from '../jobboard/job.js';
import type { JobSignal } from '../jobboard/signal.js';
import type { Db } from '../db/connection.js';
import { type RunnerHooks, runFlow } from './engine/runner.js';
import type { FlowProgress } from './engine/types.js';
import type { WorkerEnv } from './env.js';
import { FLOWS } from './flows/registry.js';

export interface WorkerOptions {
  readonly concurrency: number;
  readonly pollIntervalMs: number;
  readonly leaseMs: number;
  /** jobs that have been claimed this many times are failed instead of being run again */
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
      await this.run(job);
    }
  }

  private async run(job: ClaimedJob): Promise<void> {
    const flow = FLOWS.get(job.flow);
    if (!flow) {
      this.log.error({ job_id: job.id, flow: job.flow }, 'job names an unknown flow');
      await this.board.finish(job.seq, this.owner, 'FAILED', `unknown flow ${job.flow}`);
      return;
    }
    if (job.attempts > this.opts.maxAttempts) {
      this.log.error({ job_id: job.id, flow: job.flow, attempts: job.attempts }, 'job keeps failing; giving up');
      await this.board.finish(job.seq, this.owner, 'FAILED', `gave up after ${job.attempts - 1} attempts`);
      return;
    }
    const renew = setInterval(() => {
      this.board.renew(job.seq, this.owner).catch((err: unknown) => this.log.warn({ err, job_id: job.id }, 'lease renewal failed'));
    }, Math.max(100, Math.floor(this.opts.leaseMs / 3)));
    try {
      const outcome = await runFlow(
        flow,
        {
          id: job.id,
          flow: job.flow,
          payload: job.payload,
          progress: job.progress,
          save: (progress: FlowProgress<unknown>) => this.board.saveProgress(job.seq, this.owner, progress),
        },
        this.env,
        this.log,
        this.opts.hooks,
      );
      if (outcome.state === 'DONE') await this.board.finish(job.seq, this.owner, 'DONE');
      else if (outcome.state === 'FAILED') await this.board.finish(job.seq, this.owner, 'FAILED', outcome.error);
    } catch (err) {
      // infrastructure trouble (database gone): leave the job to be resumed when the lease expires
      this.log.error({ err, job_id: job.id, flow: job.flow }, 'flow interrupted; the job will be resumed');
    } finally {
      clearInterval(renew);
    }
  }
}

// The lease a worker holds on the job it runs: renewed in the background (a task may outlast a lease) and before
// every task, so a worker whose job was claimed again, by another worker or another slot of its own, stops before
// its next task instead of racing the new owner.
import type { Logger } from 'pino';
import type { JobBoard } from '../jobboard/board.js';
import type { JobLease } from '../jobboard/job.js';

export class HeldLease {
  private lost = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly board: JobBoard,
    readonly lease: JobLease,
    private readonly leaseMs: number,
    private readonly log: Logger,
  ) {}

  /** Renews in the background, three times per lease period. */
  start(): void {
    this.timer = setInterval(
      () => {
        this.renew().catch((err: unknown) => this.log.warn({ err }, 'lease renewal failed'));
      },
      Math.max(100, Math.floor(this.leaseMs / 3)),
    );
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  isLost(): boolean {
    return this.lost;
  }

  /** Extends the lease; false (for good) once an update finds the job no longer ours. */
  async renew(): Promise<boolean> {
    if (this.lost) return false;
    this.observe(await this.board.renew(this.lease));
    return !this.lost;
  }

  /** Persists flow progress under the lease (which extends it). */
  async save(progress: unknown): Promise<boolean> {
    if (this.lost) return false;
    this.observe(await this.board.saveProgress(this.lease, progress));
    return !this.lost;
  }

  private observe(held: boolean): void {
    if (held || this.lost) return;
    this.lost = true;
    this.stop();
    this.log.warn({ attempt: this.lease.attempt }, 'lease lost: the job was claimed again; this worker stops running it');
  }
}

// Wakes local workers as soon as a job is committed (all-in-one), so nothing waits for the next poll. It is an
// in-process event only: workers in other processes find jobs by polling the job table every
// [jobboard] poll_interval_ms, on every database alike.
import { EventEmitter } from 'node:events';

export class JobSignal {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  notify(): void {
    this.emitter.emit('job');
  }

  /** resolves on the next notify() or after timeoutMs, whichever comes first */
  wait(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.emitter.off('job', done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.emitter.once('job', done);
    });
  }
}

// The housekeeping process: database cleanup every [house_keeping] cleanup_interval and certificate rotation every
// cert_interval. A pass never overlaps the previous one of its kind.
import type { Logger } from 'pino';
import type { OctaviaConfig } from '../config/config.js';
import type { Db } from '../db/connection.js';
import type { AmphoraDriver } from '../drivers/amphora/amphora-driver.js';
import type { CertGenerator } from '../drivers/certificates/cert-generator.js';
import { rotateExpiringCertificates } from './cert-rotation.js';
import { purgeExpired } from './db-cleanup.js';

export interface HousekeepingDeps {
  readonly db: Db;
  readonly config: OctaviaConfig;
  readonly log: Logger;
  readonly certs: CertGenerator;
  readonly amphora: AmphoraDriver;
}

export class Housekeeping {
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly running = new Set<Promise<unknown>>();
  private readonly log: Logger;

  constructor(private readonly deps: HousekeepingDeps) {
    this.log = deps.log.child({ component: 'housekeeping' });
  }

  start(): void {
    const hk = this.deps.config.house_keeping;
    this.every(hk.cleanup_interval, 'cleanup', () => this.cleanup());
    this.every(hk.cert_interval, 'certificate rotation', () => this.rotate());
    this.log.info({ cleanup_interval: hk.cleanup_interval, cert_interval: hk.cert_interval }, 'housekeeping started');
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    await Promise.allSettled([...this.running]);
  }

  async cleanup(): Promise<void> {
    const hk = this.deps.config.house_keeping;
    const result = await purgeExpired(this.deps.db, {
      amphoraS: hk.amphora_expiry_age,
      loadBalancerS: hk.load_balancer_expiry_age,
      jobS: this.deps.config.jobboard.finished_job_expiry_age,
    });
    if (result.amphorae + result.loadBalancers + result.jobs > 0) this.log.info(result, 'purged expired rows');
  }

  async rotate(): Promise<void> {
    await rotateExpiringCertificates({
      db: this.deps.db,
      certs: this.deps.certs,
      amphora: this.deps.amphora,
      log: this.log,
      validityS: this.deps.config.certificates.cert_validity_time,
      expiryBufferS: this.deps.config.house_keeping.cert_expiry_buffer,
      claimTimeoutS: this.deps.config.house_keeping.cert_claim_timeout,
    });
  }

  private every(seconds: number, what: string, pass: () => Promise<void>): void {
    let busy = false;
    const timer = setInterval(() => {
      if (busy) return;
      busy = true;
      const run = pass()
        .catch((err: unknown) => this.log.error({ err }, `${what} pass failed`))
        .finally(() => {
          busy = false;
          this.running.delete(run);
        });
      this.running.add(run);
    }, seconds * 1000);
    timer.unref();
    this.timers.push(timer);
  }
}

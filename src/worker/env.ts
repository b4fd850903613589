import type { Logger } from 'pino';
import type { OctaviaConfig } from '../config/config.js';
import type { Db } from '../db/connection.js';
import type { AmphoraDriver } from '../drivers/amphora/amphora-driver.js';
import type { CertGenerator } from '../drivers/certificates/cert-generator.js';
import type { ComputeDriver } from '../drivers/compute/compute-driver.js';
import type { NetworkDriver } from '../drivers/network/network-driver.js';
import type { FlowContext, Task } from './engine/types.js';

/** What tasks may use: the database and one driver per family, chosen by [controller_worker] options. */
export interface WorkerEnv {
  readonly db: Db;
  readonly config: OctaviaConfig;
  readonly log: Logger;
  readonly compute: ComputeDriver;
  readonly network: NetworkDriver;
  readonly amphora: AmphoraDriver;
  readonly certs: CertGenerator;
}

export type Ctx<I, S> = FlowContext<I, S> & { env: WorkerEnv };
export type WorkerTask<I, S> = Task<Ctx<I, S>>;

/** Every flow input names its load balancer (null for an amphora without one). */
export interface LbInput {
  readonly loadBalancerId: string;
}

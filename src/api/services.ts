import type { Logger } from 'pino';
import type { OctaviaConfig } from '../config/config.js';
import type { Db } from '../db/connection.js';
import type { Dialect } from '../db/url.js';
import type { CertManager } from '../drivers/certificates/cert-manager.js';
import type { NetworkDriver } from '../drivers/network/network-driver.js';
import type { JobSignal } from '../jobboard/signal.js';
import type { ProviderRegistry } from '../providers/registry.js';
import type { RuleEnforcer } from './auth/enforcer.js';
import type { KeystoneTokenValidator } from './auth/keystone.js';
import type { PolicyEnforcer } from './auth/policy.js';

/** Everything a request handler may use; built once per process and passed down, never global. */
export interface ApiServices {
  readonly config: OctaviaConfig;
  readonly db: Db;
  readonly dialect: Dialect;
  readonly log: Logger;
  readonly enforcer: PolicyEnforcer;
  readonly network: NetworkDriver;
  readonly certs: CertManager;
  readonly providers: ProviderRegistry;
  /** wakes local workers when the API enqueues a job directly (amphora admin operations) */
  readonly jobSignal: JobSignal;
  /** the rule enforcer of keystone/testing modes (absent under noauth, where everything is allowed) */
  readonly policy?: RuleEnforcer;
  /** token validation (auth_strategy = keystone) */
  readonly keystone?: KeystoneTokenValidator;
}

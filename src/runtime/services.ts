// Composition root: turns a configuration into the running pieces (database, drivers, providers, worker). Which
// of them a process runs is decided by its CLI subcommand.
import type { Logger } from 'pino';
import type { ApiServices } from '../api/services.js';
import { PolicyFileError, RuleEnforcer } from '../api/auth/enforcer.js';
import { KeystoneConfigError, KeystoneTokenValidator } from '../api/auth/keystone.js';
import { adminOnlyEnforcer } from '../api/auth/policy.js';
import type { OctaviaConfig } from '../config/config.js';
import { openDatabase, type DatabaseHandle } from '../db/connection.js';
import { migrateToLatest } from '../db/migrate.js';
import { markExitedAmphoraStale } from '../db/repositories/health.js';
import { certificateStoreDirectory, LocalCertManager } from '../drivers/certificates/local-cert-manager.js';
import { JobSignal } from '../jobboard/signal.js';
import { AmphoraProvider } from '../providers/amphora/amphora-provider.js';
import { NoopProvider } from '../providers/noop/noop-provider.js';
import { ProviderRegistry } from '../providers/registry.js';
import { StatusUpdater } from '../providers/status-updater.js';
import type { RunnerHooks } from '../worker/engine/runner.js';
import type { WorkerEnv } from '../worker/env.js';
import { Worker } from '../worker/worker.js';
import { Housekeeping } from '../housekeeping/housekeeping.js';
import { type HealthManager, startHealthManager } from '../health-manager/health-manager.js';
import { ensureHeartbeatKey } from './heartbeat-key.js';
import { ensureStateDir } from './state-dir.js';
import { createDrivers, DriverConfigError, type DriverSet } from './drivers.js';

export class StartupError extends Error {
  override readonly name = 'StartupError';
}

export interface RuntimeOptions {
  /** apply pending migrations first (all-in-one, tests) */
  readonly migrate?: boolean;
  /** run a controller worker in this process */
  readonly worker?: boolean;
  /** test hooks into the flow engine */
  readonly hooks?: RunnerHooks;
  /** run database cleanup and certificate rotation in this process */
  readonly housekeeping?: boolean;
  /** receive heartbeats and scan for stale amphorae in this process */
  readonly healthManager?: boolean;
}

export interface Runtime {
  readonly services: ApiServices;
  readonly database: DatabaseHandle;
  readonly drivers: DriverSet;
  readonly worker: Worker | null;
  readonly housekeeping: Housekeeping | null;
  readonly healthManager: HealthManager | null;
  /** stops the worker after its current jobs, settles provider work, closes the database */
  close(): Promise<void>;
}

export async function createRuntime(config: OctaviaConfig, log: Logger, opts: RuntimeOptions = {}): Promise<Runtime> {
  const auth = createAuth(config);
  for (const unknown of config.meta.unknown) log.warn({ option: unknown }, 'unknown configuration option ignored');
  ensureStateDir(config, log);
  ensureHeartbeatKey(config, log);
  // opened first: the drivers that keep state (the loopback network's ports) are given their store in it
  const database = openDatabase(config);
  let drivers: DriverSet;
  try {
    drivers = createDrivers(config, log, database.db);
  } catch (err) {
    await database.close();
    if (err instanceof DriverConfigError) throw new StartupError(err.message);
    throw err;
  }
  if (opts.migrate) await migrateToLatest(database.db as never);
  await drivers.network.initialize();
  const signal = new JobSignal();
  const updater = new StatusUpdater(database.db, drivers.network, log);
  const providers = new ProviderRegistry(config.api_settings.enabled_provider_drivers);
  const noop = new NoopProvider(database.db, updater, log, config.noop_provider.completion_delay_ms);
  const amphora = new AmphoraProvider(signal);
  providers.register('noop_driver', noop);
  providers.register('amphora', amphora);
  providers.register('octavia', amphora);
  const services: ApiServices = {
    config,
    db: database.db,
    dialect: database.dialect,
    log,
    enforcer: auth.policy ?? adminOnlyEnforcer,
    ...(auth.policy ? { policy: auth.policy } : {}),
    ...(auth.keystone ? { keystone: auth.keystone } : {}),
    network: drivers.network,
    certs: new LocalCertManager(certificateStoreDirectory(config)),
    providers,
    jobSignal: signal,
  };
  let worker: Worker | null = null;
  if (opts.worker) {
    const env: WorkerEnv = { db: database.db, config, log, ...drivers };
    worker = new Worker(database.db, env, {
      concurrency: config.controller_worker.workers,
      pollIntervalMs: config.jobboard.poll_interval_ms,
      leaseMs: config.task_flow.jobboard_expiration_time * 1000,
      maxAttempts: config.jobboard.max_attempts,
      signal,
      ...(opts.hooks ? { hooks: opts.hooks } : {}),
    });
    worker.start();
  }
  let housekeeping: Housekeeping | null = null;
  if (opts.housekeeping) {
    housekeeping = new Housekeeping({ db: database.db, config, log, certs: drivers.certs, amphora: drivers.amphora });
    housekeeping.start();
  }
  // a health manager in this process scans at once; otherwise the next periodic scan of any health manager acts
  let scanNow: (() => Promise<unknown>) | null = null;
  if (opts.worker) watchInstanceExits(drivers, database.db, log, () => scanNow?.());
  const healthManager = opts.healthManager
    ? await startHealthManager({ config, db: database.db, dialect: database.dialect, log, jobSignal: signal })
    : null;
  if (healthManager) scanNow = () => healthManager.scanStale();
  if (healthManager && config.health_manager.controller_ip_port_list.length === 0) {
    // amphorae built by this process send their heartbeats where this health manager actually listens (bind_port 0
    // picks a free port)
    const { address, port } = healthManager.address;
    (config.health_manager as { controller_ip_port_list: string[] }).controller_ip_port_list = [`${address}:${port}`];
  }
  return {
    services,
    database,
    drivers,
    worker,
    housekeeping,
    healthManager,
    async close() {
      await healthManager?.stop();
      await housekeeping?.stop();
      await worker?.stop();
      await noop.drain();
      await database.close();
    },
  };
}

/** The policy enforcer (keystone, testing) and token validator (keystone) the auth strategy needs. */
function createAuth(config: OctaviaConfig): { policy?: RuleEnforcer; keystone?: KeystoneTokenValidator } {
  const strategy = config.api_settings.auth_strategy;
  if (strategy === 'noauth') return {};
  try {
    const policy = RuleEnforcer.fromFile(config.oslo_policy.policy_file);
    if (strategy === 'testing') return { policy };
    return { policy, keystone: new KeystoneTokenValidator(config.keystone_authtoken) };
  } catch (err) {
    if (err instanceof PolicyFileError || err instanceof KeystoneConfigError) {
      throw new StartupError(err.message);
    }
    throw err;
  }
}

/**
 * An amphora whose instance stops on its own is marked stale at once (its last heartbeat moved to the epoch), so
 * the next failover scan of any health manager replaces it: seconds earlier than waiting for heartbeat_timeout.
 */
function watchInstanceExits(drivers: DriverSet, db: DatabaseHandle['db'], log: Logger, scan: () => unknown): void {
  drivers.compute.onInstanceExit?.((computeId) => {
    void (async () => {
      const amphoraId = await markExitedAmphoraStale(db, computeId);
      if (!amphoraId) return;
      log.warn({ amphora_id: amphoraId }, 'amphora instance exited on its own; marked stale so it is failed over now');
      await scan();
    })().catch((err: unknown) => log.error({ err, compute_id: computeId }, 'could not mark an exited amphora stale'));
  });
}

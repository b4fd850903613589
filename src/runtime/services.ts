// Composition root: turns a configuration into the running pieces (database, drivers, providers). Which of them a
// process uses is decided by its CLI subcommand.
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { ApiServices } from '../api/services.js';
import { adminOnlyEnforcer } from '../api/auth/policy.js';
import type { OctaviaConfig } from '../config/config.js';
import { openDatabase, type DatabaseHandle } from '../db/connection.js';
import { migrateToLatest } from '../db/migrate.js';
import { LocalCertManager } from '../drivers/certificates/local-cert-manager.js';
import { LoopbackNetworkDriver } from '../drivers/network/loopback.js';
import type { NetworkDriver } from '../drivers/network/network-driver.js';
import { NoopProvider } from '../providers/noop/noop-provider.js';
import { ProviderRegistry } from '../providers/registry.js';
import { StatusUpdater } from '../providers/status-updater.js';

export class StartupError extends Error {}

export interface Runtime {
  readonly services: ApiServices;
  readonly database: DatabaseHandle;
  /** settles in-flight asynchronous provider work, then closes the database */
  close(): Promise<void>;
}

function networkDriver(name: string): NetworkDriver {
  switch (name) {
    case 'loopback':
      return new LoopbackNetworkDriver();
    default:
      throw new StartupError(`Unknown [controller_worker] network_driver '${name}' (available: loopback)`);
  }
}

export async function createRuntime(config: OctaviaConfig, log: Logger, opts: { migrate?: boolean } = {}): Promise<Runtime> {
  if (config.api_settings.auth_strategy !== 'noauth') {
    throw new StartupError(
      `[api_settings] auth_strategy = ${config.api_settings.auth_strategy} is not available yet; use noauth`,
    );
  }
  for (const unknown of config.meta.unknown) log.warn({ option: unknown }, 'unknown configuration option ignored');
  const database = openDatabase(config);
  if (opts.migrate) await migrateToLatest(database.db as never);
  const network = networkDriver(config.controller_worker.network_driver);
  await network.initialize(database.db);
  const updater = new StatusUpdater(database.db, network, log);
  const providers = new ProviderRegistry(config.api_settings.enabled_provider_drivers);
  const noop = new NoopProvider(database.db, updater, log, config.noop_provider.completion_delay_ms);
  providers.register('noop_driver', noop);
  const services: ApiServices = {
    config,
    db: database.db,
    dialect: database.dialect,
    log,
    enforcer: adminOnlyEnforcer,
    network,
    certs: new LocalCertManager(join(config.DEFAULT.state_path, 'certificates')),
    providers,
  };
  return {
    services,
    database,
    async close() {
      await noop.drain();
      await database.close();
    },
  };
}

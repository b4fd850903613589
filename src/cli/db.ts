import { connectionUrl, openDatabase } from '../db/connection.js';
import { migrateToLatest } from '../db/migrate.js';
import { redact } from '../db/url.js';
import { ensureStateDir } from '../runtime/state-dir.js';
import { failStartup, loadOrExit } from './load-config.js';

export async function runDbUpgrade(configFiles: string[]): Promise<void> {
  const { config, log } = loadOrExit(configFiles, 'db-upgrade');
  ensureStateDir(config, log);
  const handle = openDatabase(config);
  try {
    const result = await migrateToLatest(handle.db as never);
    const applied = (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
    log.info({ database: redact(connectionUrl(config)), applied }, applied.length ? 'migrations applied' : 'database already up to date');
  } catch (err) {
    failStartup(err, log);
  } finally {
    await handle.close();
  }
}

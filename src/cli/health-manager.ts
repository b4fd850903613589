import { connectionUrl, openDatabase } from '../db/connection.js';
import { redact } from '../db/url.js';
import { startHealthManager } from '../health-manager/health-manager.js';
import { ensureHeartbeatKey } from '../runtime/heartbeat-key.js';
import { ensureStateDir } from '../runtime/state-dir.js';
import { failStartup, loadOrExit } from './load-config.js';

/** `octavia health-manager`: heartbeat receiver and stale-amphora failover scan, nothing else. */
export async function runHealthManager(configFiles: string[]): Promise<void> {
  const { config, log } = loadOrExit(configFiles, 'health-manager');
  for (const unknown of config.meta.unknown) log.warn({ option: unknown }, 'unknown configuration option ignored');
  ensureStateDir(config, log);
  ensureHeartbeatKey(config, log);
  const database = openDatabase(config);
  let hm;
  try {
    hm = await startHealthManager({ config, db: database.db, dialect: database.dialect, log });
  } catch (err) {
    await database.close();
    failStartup(err, log);
  }
  log.info({ database: redact(connectionUrl(config)), dialect: database.dialect }, 'health manager started');
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal, counters: hm.counters }, 'health manager shutting down');
    await hm.stop();
    await database.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

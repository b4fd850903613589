import { buildApp } from '../api/app.js';
import { createRuntime } from '../runtime/services.js';
import { redact } from '../db/url.js';
import { connectionUrl } from '../db/connection.js';
import { failStartup, loadOrExit } from './load-config.js';

export async function runApi(
  configFiles: string[],
  opts: { migrate: boolean; worker: boolean; housekeeping?: boolean; healthManager?: boolean; name: string },
): Promise<void> {
  const { config, log } = loadOrExit(configFiles, opts.name);
  let runtime;
  try {
    runtime = await createRuntime(config, log, {
      migrate: opts.migrate,
      worker: opts.worker,
      housekeeping: opts.housekeeping ?? false,
      healthManager: opts.healthManager ?? false,
    });
  } catch (err) {
    failStartup(err, log);
  }
  const app = await buildApp(runtime.services);
  const { bind_host: host, bind_port: port } = config.api_settings;
  try {
    await app.listen({ host, port });
  } catch (err) {
    failStartup(err, log);
  }
  log.info(
    { host, port, database: redact(connectionUrl(config)), dialect: runtime.database.dialect },
    `${opts.name} listening on http://${host}:${port}`,
  );
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    await app.close();
    await runtime.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

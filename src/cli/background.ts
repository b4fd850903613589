// The shape every non-HTTP process shares (worker, housekeeping, ...): build the runtime with the pieces it runs,
// then stop them cleanly on SIGTERM/SIGINT.
import { createRuntime, type RuntimeOptions } from '../runtime/services.js';
import { failStartup, loadOrExit } from './load-config.js';

export async function runBackground(configFiles: string[], name: string, pieces: RuntimeOptions): Promise<void> {
  const { config, log } = loadOrExit(configFiles, name);
  let runtime;
  try {
    runtime = await createRuntime(config, log, { migrate: false, ...pieces });
  } catch (err) {
    failStartup(err, log);
  }
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, `${name} shutting down after its current work`);
    await runtime.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

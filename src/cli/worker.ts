import { createRuntime } from '../runtime/services.js';
import { failStartup, loadOrExit } from './load-config.js';

export async function runWorker(configFiles: string[]): Promise<void> {
  const { config, log } = loadOrExit(configFiles, 'worker');
  let runtime;
  try {
    runtime = await createRuntime(config, log, { migrate: false, worker: true });
  } catch (err) {
    failStartup(err, log);
  }
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'worker shutting down after its current jobs');
    await runtime.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

import type { Logger } from 'pino';
import type { OctaviaConfig } from '../config/config.js';
import { ConfigError, loadConfig } from '../config/load.js';
import { createLogger } from '../common/logging.js';
import { StartupError } from '../runtime/services.js';

/** Loads configuration for a CLI process; configuration errors end the process with a clear message. */
export function loadOrExit(files: string[], name: string): { config: OctaviaConfig; log: Logger } {
  try {
    const config = loadConfig(files.length > 0 ? { files } : {});
    const log = createLogger(config.DEFAULT.debug ? 'debug' : config.DEFAULT.log_level, name);
    return { config, log };
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`octavia: configuration error: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
}

export function failStartup(err: unknown, log: Logger): never {
  if (err instanceof StartupError || err instanceof ConfigError) {
    log.fatal(err.message);
    process.stderr.write(`octavia: ${err.message}\n`);
    process.exit(2);
  }
  log.fatal({ err }, 'startup failed');
  process.exit(1);
}

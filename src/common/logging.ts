import { pino, type Logger } from 'pino';

/** JSON logs (one object per line); the level comes from [DEFAULT] log_level, or debug when debug = true. */
export function createLogger(level: string, name = 'octavia'): Logger {
  return pino({ name, level, base: { pid: process.pid } });
}

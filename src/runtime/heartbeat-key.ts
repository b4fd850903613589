// Heartbeats are HMAC-signed with [health_manager] heartbeat_key. A deployment on several machines must set it in
// octavia.conf; on one machine (the embedded default) a key is generated once under state_path and shared by every
// process that uses that state_path, so `npm start` needs no configuration.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { OctaviaConfig } from '../config/config.js';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE, tightenMode } from './state-dir.js';

export function ensureHeartbeatKey(config: OctaviaConfig, log: Logger): void {
  if (config.health_manager.heartbeat_key) return;
  const file = join(config.DEFAULT.state_path, 'heartbeat_key');
  let key: string;
  try {
    key = readFileSync(file, 'utf8').trim();
    tightenMode(file, PRIVATE_FILE_MODE, log);
  } catch {
    mkdirSync(config.DEFAULT.state_path, { recursive: true, mode: PRIVATE_DIR_MODE });
    try {
      writeFileSync(file, `${randomBytes(32).toString('base64url')}\n`, { flag: 'wx', mode: PRIVATE_FILE_MODE });
      log.info({ file }, 'generated a heartbeat key; set [health_manager] heartbeat_key when processes run on several machines');
    } catch (err) {
      // another process of this machine created it first: use theirs
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    key = readFileSync(file, 'utf8').trim();
  }
  // the configuration is read-only to its users; this is the one place that completes it
  (config.health_manager as { heartbeat_key: string | null }).heartbeat_key = key;
}

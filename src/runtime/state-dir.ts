// The state directory holds the embedded database, the heartbeat key, the CA key and the certificate store: only
// the service's own user may enter it (mode 0700) and read its secrets (mode 0600). Every process that uses
// state_path calls ensureStateDir at startup, before it writes anything there.
import { chmodSync, mkdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Logger } from 'pino';
import type { OctaviaConfig } from '../config/config.js';
import { connectionUrl } from '../db/connection.js';
import { parseDatabaseUrl } from '../db/url.js';
import { certificateStoreDirectory } from '../drivers/certificates/local-cert-manager.js';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;
const STICKY = 0o1000;

const octal = (mode: number) => `0${(mode & 0o7777).toString(8)}`;

/**
 * Removes the group/other bits `mode` does not grant from an existing file or directory of ours, logging each
 * change once. A path owned by another user, or a sticky directory (a shared one such as /tmp), is left as it is
 * with a warning: it is not ours to change.
 */
export function tightenMode(path: string, mode: number, log: Logger): void {
  let info;
  try {
    info = statSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  const current = info.mode & 0o7777;
  if ((current & 0o077 & ~mode) === 0) return;
  if (info.uid !== process.getuid?.() || (info.isDirectory() && (current & STICKY) !== 0)) {
    log.warn({ path, mode: octal(current) }, `${path} is readable by other users and not ours to change; expected ${octal(mode)}`);
    return;
  }
  const tightened = current & ~(0o077 & ~mode);
  chmodSync(path, tightened);
  log.warn({ path, from: octal(current), to: octal(tightened) }, `tightened the permissions of ${path}`);
}

/** Creates state_path (and the default certificate store) as 0700 and tightens what earlier versions left open. */
export function ensureStateDir(config: OctaviaConfig, log: Logger): void {
  const dir = resolve(config.DEFAULT.state_path);
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  tightenMode(dir, PRIVATE_DIR_MODE, log);
  if (config.certificates.storage_path === null) {
    // the operator's certificate store when none is configured: created so that it is clear where files go
    const store = certificateStoreDirectory(config);
    mkdirSync(store, { recursive: true, mode: PRIVATE_DIR_MODE });
    tightenMode(store, PRIVATE_DIR_MODE, log);
  }
  const url = parseDatabaseUrl(connectionUrl(config));
  if (url.dialect === 'sqlite' && url.path && url.path !== ':memory:') {
    // SQLite gives its -wal and -shm files the database file's mode; files left by an older version are fixed here
    for (const suffix of ['', '-wal', '-shm']) tightenMode(`${url.path}${suffix}`, PRIVATE_FILE_MODE, log);
  }
}

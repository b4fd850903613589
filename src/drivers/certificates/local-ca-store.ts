// Where the local CA lives: the files named by [certificates] ca_certificate / ca_private_key, or a CA generated on
// first use under <state_path>/ca/. Several controller processes may start at once; exactly one CA must result.
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { OctaviaConfig } from '../../config/config.js';
import { LocalCa, type CaMaterial } from './local-ca.js';

export const CA_CERT_FILE = 'ca.pem';
export const CA_KEY_FILE = 'ca.key';
const CA_VALIDITY_SECONDS = 10 * 365 * 24 * 3600;
const CA_COMMON_NAME = 'octavia-ts local CA';

function errno(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | null)?.code;
}

async function readMaterial(certPath: string, keyPath: string): Promise<CaMaterial> {
  const [certPem, keyPem] = await Promise.all([readFile(certPath, 'utf8'), readFile(keyPath, 'utf8')]);
  return { certPem, keyPem };
}

/**
 * Returns the CA material in `dir`, generating it when absent. The new CA is written complete into a private
 * temporary directory which is then renamed onto `dir`: rename(2) of a directory fails when the target is a
 * non-empty directory, so the first process to finish wins and every other one discards its CA and reads the
 * winner's (O_EXCL semantics for a pair of files).
 */
export async function loadOrCreateCaDir(dir: string): Promise<CaMaterial> {
  const certPath = join(dir, CA_CERT_FILE);
  const keyPath = join(dir, CA_KEY_FILE);
  try {
    return await readMaterial(certPath, keyPath);
  } catch (err) {
    if (errno(err) !== 'ENOENT') throw err;
  }
  const parent = dirname(dir);
  await mkdir(parent, { recursive: true, mode: 0o700 });
  const material = await LocalCa.generate(CA_COMMON_NAME, CA_VALIDITY_SECONDS);
  const tmp = await mkdtemp(join(parent, '.ca-new-')); // mode 0700
  try {
    await writeFile(join(tmp, CA_CERT_FILE), material.certPem, { mode: 0o644 });
    await writeFile(join(tmp, CA_KEY_FILE), material.keyPem, { mode: 0o600 });
    await rename(tmp, dir);
  } catch (err) {
    await rm(tmp, { recursive: true, force: true });
    if (errno(err) !== 'ENOTEMPTY' && errno(err) !== 'EEXIST') throw err;
  }
  return readMaterial(certPath, keyPath);
}

export function caDirectory(config: OctaviaConfig): string {
  return resolve(config.DEFAULT.state_path, 'ca');
}

const opened = new Map<string, Promise<LocalCa>>();

/** The controller's CA (cached per process and per location). */
export function openLocalCa(config: OctaviaConfig): Promise<LocalCa> {
  const { ca_certificate: certPath, ca_private_key: keyPath, ca_private_key_passphrase: passphrase } = config.certificates;
  if ((certPath === null) !== (keyPath === null)) {
    return Promise.reject(new Error('[certificates] ca_certificate and ca_private_key must be set together'));
  }
  const cacheKey = certPath && keyPath ? `${resolve(certPath)}\0${resolve(keyPath)}` : caDirectory(config);
  let ca = opened.get(cacheKey);
  if (!ca) {
    const material = certPath && keyPath ? readMaterial(certPath, keyPath) : loadOrCreateCaDir(caDirectory(config));
    ca = material.then((m) => LocalCa.fromPem(m, passphrase));
    ca.catch(() => opened.delete(cacheKey));
    opened.set(cacheKey, ca);
  }
  return ca;
}

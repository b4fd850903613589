// Local certificate store (Octavia's local_cert_manager): a reference is the name of a PEM file inside the store
// directory ([certificates] storage_path), never a path or URL. The API reads these files on behalf of any
// tenant, so nothing outside the store may be reachable and every refusal looks like "no such certificate".
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { OctaviaConfig } from '../../config/config.js';
import type { CertManager, TlsBundle } from './cert-manager.js';

/** Largest store file read; a certificate bundle is a few KiB. */
export const MAX_STORE_FILE_BYTES = 1024 * 1024;

const READ_CHUNK_BYTES = 64 * 1024;
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/;
const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]+?-----END \1-----/g;
// O_NOFOLLOW: a symlink (even one into the store) is refused by open(2) itself, so no check-then-open race;
// O_NONBLOCK: opening a FIFO must not wait for a writer (it is then refused as not a regular file)
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

/** Every refusal carries this one message: the caller must not learn what exists on the host. */
export class CertificateNotFound extends Error {
  override readonly name = 'CertificateNotFound';
  constructor(ref: string) {
    super(`certificate ${JSON.stringify(ref)} is not in the local store`);
  }
}

/** [certificates] storage_path, or <state_path>/certificates. */
export function certificateStoreDirectory(config: OctaviaConfig): string {
  return resolve(config.certificates.storage_path ?? join(config.DEFAULT.state_path, 'certificates'));
}

/** The store file a reference names, or null when the reference is not a plain name. */
export function storeFileName(ref: string): string | null {
  if (!SAFE_NAME.test(ref) || ref.includes('..')) return null;
  return ref.endsWith('.pem') ? ref : `${ref}.pem`;
}

export class LocalCertManager implements CertManager {
  readonly name = 'local_cert_manager';

  constructor(
    private readonly storeDir: string,
    private readonly maxBytes = MAX_STORE_FILE_BYTES,
  ) {}

  async getSecret(ref: string): Promise<string> {
    const file = storeFileName(ref);
    if (file === null) throw new CertificateNotFound(ref);
    const text = await this.readRegularFile(join(this.storeDir, file));
    if (text === null) throw new CertificateNotFound(ref);
    return text;
  }

  async getCertificate(ref: string): Promise<TlsBundle> {
    const pem = await this.getSecret(ref);
    const blocks = [...pem.matchAll(PEM_BLOCK)];
    const certs = blocks.filter((b) => b[1] === 'CERTIFICATE').map((b) => b[0]);
    const key = blocks.find((b) => (b[1] ?? '').endsWith('PRIVATE KEY'))?.[0] ?? null;
    if (certs.length === 0) throw new CertificateNotFound(ref);
    return { certificate: certs[0] as string, privateKey: key, intermediates: certs.slice(1) };
  }

  /** The file's text when it is a regular file (not a symlink, device, FIFO or directory) within the size cap. */
  private async readRegularFile(path: string): Promise<string | null> {
    let handle;
    try {
      handle = await open(path, OPEN_FLAGS);
    } catch {
      return null;
    }
    try {
      const info = await handle.stat();
      if (!info.isFile() || info.size > this.maxBytes) return null;
      // read through the descriptor, at most one byte past the cap: a file growing after fstat is refused too
      const chunks: Buffer[] = [];
      let length = 0;
      for (;;) {
        const chunk = Buffer.alloc(Math.min(READ_CHUNK_BYTES, this.maxBytes + 1 - length));
        const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
        if (bytesRead === 0) break;
        chunks.push(chunk.subarray(0, bytesRead));
        length += bytesRead;
        if (length > this.maxBytes) return null;
      }
      return Buffer.concat(chunks, length).toString('utf8');
    } catch {
      return null;
    } finally {
      await handle.close();
    }
  }
}

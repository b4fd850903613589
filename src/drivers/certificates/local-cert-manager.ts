// Local certificate store: a reference is the name of a PEM file under <state_path>/certificates (or an absolute
// path, or file:///path). Names are restricted so a reference can never walk out of the store.
import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import type { CertManager, TlsBundle } from './cert-manager.js';

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/;
const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]+?-----END \1-----/g;

export class LocalCertManager implements CertManager {
  readonly name = 'local_cert_manager';

  constructor(private readonly storeDir: string) {}

  private path(ref: string): string {
    const stripped = ref.startsWith('file://') ? ref.slice('file://'.length) : ref;
    if (isAbsolute(stripped)) {
      if (stripped.split('/').includes('..')) throw new Error(`invalid certificate reference ${ref}`);
      return stripped;
    }
    if (!SAFE_NAME.test(stripped)) throw new Error(`invalid certificate reference ${ref}`);
    return join(this.storeDir, stripped.endsWith('.pem') ? stripped : `${stripped}.pem`);
  }

  async getSecret(ref: string): Promise<string> {
    return readFile(this.path(ref), 'utf8');
  }

  async getCertificate(ref: string): Promise<TlsBundle> {
    const pem = await this.getSecret(ref);
    const blocks = [...pem.matchAll(PEM_BLOCK)];
    const certs = blocks.filter((b) => b[1] === 'CERTIFICATE').map((b) => b[0]);
    const key = blocks.find((b) => (b[1] ?? '').endsWith('PRIVATE KEY'))?.[0] ?? null;
    if (certs.length === 0) throw new Error(`no certificate in ${ref}`);
    return { certificate: certs[0] as string, privateKey: key, intermediates: certs.slice(1) };
  }
}

// A throwaway local certificate store for TLS listener tests: the local cert manager reads <ref>.pem files from
// <state_path>/certificates, so a suite points [DEFAULT] state_path at a temp dir and writes openssl-made PEMs there.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TlsStore {
  /** the state_path to give the API ([DEFAULT] state_path) */
  readonly statePath: string;
  /** the store itself (<state_path>/certificates), for tests that place other kinds of files there */
  readonly certDir: string;
  /** writes `<ref>.pem` holding a self-signed certificate and its key (a server certificate bundle) */
  writeServerCert(ref: string, commonName?: string): void;
  /** writes `<ref>.pem` holding only a CA certificate and `<crlRef>.pem` holding a CRL signed by it */
  writeCaAndCrl(ref: string, crlRef: string): void;
  /** writes `<ref>.pem` with arbitrary content (for "not a certificate" cases) */
  writeRaw(ref: string, content: string): void;
  remove(): void;
}

function openssl(cwd: string, args: string[]): void {
  execFileSync('openssl', args, { cwd, stdio: 'ignore' });
}

/** Creates the directory now (suites need the path when they are declared); files are written later. */
export function createTlsStore(): TlsStore {
  const statePath = mkdtempSync(join(tmpdir(), 'octavia-tls-'));
  const certDir = join(statePath, 'certificates');
  const work = join(statePath, 'work');
  mkdirSync(certDir, { recursive: true, mode: 0o700 });
  mkdirSync(work, { recursive: true });
  const selfSigned = (name: string, cn: string) =>
    openssl(work, [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.crt`,
      '-days',
      '2',
      '-subj',
      `/CN=${cn}`,
    ]);
  const read = (file: string) => readFileSync(join(work, file), 'utf8');
  // store files hold private keys: written 0600, as an operator should
  const writeStoreFile = (name: string, content: string) => writeFileSync(join(certDir, name), content, { mode: 0o600 });
  return {
    statePath,
    certDir,
    writeServerCert(ref, commonName = 'www.example.test') {
      selfSigned(ref, commonName);
      writeStoreFile(`${ref}.pem`, read(`${ref}.crt`) + read(`${ref}.key`));
    },
    writeCaAndCrl(ref, crlRef) {
      selfSigned(ref, `${ref}-ca`);
      writeFileSync(join(work, 'index.txt'), '');
      writeFileSync(join(work, 'crlnumber'), '01\n');
      writeFileSync(
        join(work, 'ca.cnf'),
        '[ca]\ndefault_ca = test\n[test]\ndatabase = index.txt\ncrlnumber = crlnumber\ndefault_md = sha256\ndefault_crl_days = 2\n',
      );
      openssl(work, ['ca', '-config', 'ca.cnf', '-gencrl', '-keyfile', `${ref}.key`, '-cert', `${ref}.crt`, '-out', `${crlRef}.crl`]);
      writeStoreFile(`${ref}.pem`, read(`${ref}.crt`));
      writeStoreFile(`${crlRef}.pem`, read(`${crlRef}.crl`));
    },
    writeRaw(ref, content) {
      writeStoreFile(`${ref}.pem`, content);
    },
    remove() {
      rmSync(statePath, { recursive: true, force: true });
    },
  };
}

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { CertificateNotFound, LocalCertManager, MAX_STORE_FILE_BYTES, storeFileName } from './local-cert-manager.js';

const CERT = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const KEY = '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n';

describe('local_cert_manager', () => {
  const root = mkdtempSync(join(tmpdir(), 'octavia-certstore-'));
  const store = join(root, 'certificates');
  mkdirSync(store);
  writeFileSync(join(root, 'outside.pem'), CERT);
  after(() => rmSync(root, { recursive: true, force: true }));
  const certs = new LocalCertManager(store);
  const refused = (ref: string) => assert.rejects(certs.getSecret(ref), CertificateNotFound, ref);

  it('reads <ref>.pem (or <ref> when it ends in .pem) from the store', async () => {
    writeFileSync(join(store, 'web.pem'), CERT + KEY);
    assert.equal(await certs.getSecret('web'), CERT + KEY);
    assert.equal(await certs.getSecret('web.pem'), CERT + KEY);
    const bundle = await certs.getCertificate('web');
    assert.equal(bundle.certificate, CERT.trimEnd());
    assert.equal(bundle.privateKey, KEY.trimEnd());
    assert.deepEqual(bundle.intermediates, []);
  });

  it('takes names only: no path, URL, parent step or empty name', async () => {
    for (const ref of ['/etc/passwd', 'file:///etc/hostname', '../outside', '..', 'a/b', '.hidden', '', 'x..y', `${root}/outside.pem`]) {
      assert.equal(storeFileName(ref), null, ref);
      await refused(ref);
    }
    assert.equal(storeFileName('a-b_c.1'), 'a-b_c.1.pem');
  });

  it('refuses symlinks, also those pointing inside the store', async () => {
    symlinkSync(join(root, 'outside.pem'), join(store, 'out.pem'));
    writeFileSync(join(store, 'target.pem'), CERT);
    symlinkSync(join(store, 'target.pem'), join(store, 'in.pem'));
    symlinkSync('/dev/zero', join(store, 'zero.pem'));
    await refused('out');
    await refused('in');
    await refused('zero');
    assert.equal(await certs.getSecret('target'), CERT);
  });

  it('refuses what is not a regular file, without blocking on a FIFO', async () => {
    execFileSync('mkfifo', [join(store, 'fifo.pem')]);
    mkdirSync(join(store, 'dir.pem'));
    await refused('fifo');
    await refused('dir');
  });

  it('reads at most 1 MiB', async () => {
    const padded = (size: number) => CERT + '#'.repeat(size - CERT.length);
    writeFileSync(join(store, 'max.pem'), padded(MAX_STORE_FILE_BYTES));
    writeFileSync(join(store, 'over.pem'), padded(MAX_STORE_FILE_BYTES + 1));
    assert.equal((await certs.getSecret('max')).length, MAX_STORE_FILE_BYTES);
    await refused('over');
    await assert.rejects(certs.getCertificate('over'), CertificateNotFound);
  });

  it('refuses a file without a certificate as a bundle', async () => {
    writeFileSync(join(store, 'plain.pem'), 'hello\n');
    assert.equal(await certs.getSecret('plain'), 'hello\n');
    await assert.rejects(certs.getCertificate('plain'), CertificateNotFound);
  });
});

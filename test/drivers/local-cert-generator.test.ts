// The local certificate generator as the runtime composes it ([certificates] cert_generator picks it), its CA under
// state_path or from the operator's files. Here, not next to the driver: it goes through runtime/drivers.ts, which a
// driver must not import (test/architecture/layering.test.ts).
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createLogger } from '../../src/common/logging.js';
import { loadConfig } from '../../src/config/load.js';
import type { Db } from '../../src/db/connection.js';
import { createDrivers } from '../../src/runtime/drivers.js';
import { LocalCa } from '../../src/drivers/certificates/local-ca.js';
import { controllerClientCredentials, LocalCertGenerator } from '../../src/drivers/certificates/local-cert-generator.js';

const dirs: string[] = [];
async function configWith(text: (dir: string) => string) {
  const dir = await mkdtemp(join(tmpdir(), 'octavia-certgen-'));
  dirs.push(dir);
  const file = join(dir, 'octavia.conf');
  await writeFile(file, `[DEFAULT]\nstate_path = ${dir}\n${text(dir)}`);
  return { dir, config: loadConfig({ files: [file], env: {} }) };
}

describe('local_cert_generator', () => {
  after(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('is chosen by [certificates] cert_generator and signs with the CA generated under state_path', async () => {
    const { dir, config } = await configWith(() => '[certificates]\ncert_generator = local_cert_generator\ncert_validity_time = 3600\n');
    // no database: only the loopback network driver's port store would use it, and it is not called here
    const certs = createDrivers(config, createLogger('silent', 'test'), {} as Db).certs;
    assert.equal(certs.name, 'local_cert_generator');
    const amp = '5e5e5e5e-0000-4000-8000-000000000001';
    const issued = await certs.issueAmphoraCert(amp, 3600);
    const caPem = await certs.clientCaPem();
    const ca = new X509Certificate(caPem);
    assert.ok(new X509Certificate(issued.certPem).checkIssued(ca));
    assert.match(issued.expiresAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
    const onDisk = await import('node:fs/promises').then((fs) => fs.readFile(join(dir, 'ca', 'ca.pem'), 'utf8'));
    assert.equal(onDisk, caPem);

    const creds = await controllerClientCredentials(config);
    assert.equal(creds.caPem, caPem);
    const client = new X509Certificate(creds.certPem);
    assert.equal(client.subject, 'CN=octavia-controller');
    assert.ok(client.checkIssued(ca));
    assert.equal(await controllerClientCredentials(config), creds, 'cached per process');
  });

  it('loads the CA from [certificates] ca_certificate / ca_private_key (encrypted key with passphrase)', async () => {
    const material = await LocalCa.generate('operator CA', 3600);
    const { createPrivateKey } = await import('node:crypto');
    const encrypted = createPrivateKey(material.keyPem).export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw' });
    const { config } = await configWith((dir) => {
      return (
        `[certificates]\nca_certificate = ${join(dir, 'op-ca.pem')}\nca_private_key = ` +
        `${join(dir, 'op-ca.key')}\nca_private_key_passphrase = pw\n`
      );
    });
    await writeFile(config.certificates.ca_certificate as string, material.certPem);
    await writeFile(config.certificates.ca_private_key as string, encrypted);
    const gen = LocalCertGenerator.fromConfig(config);
    assert.equal(await gen.clientCaPem(), material.certPem);
    const issued = await gen.issueAmphoraCert('5e5e5e5e-0000-4000-8000-000000000002', 600, '127.79.1.1');
    const cert = new X509Certificate(issued.certPem);
    assert.ok(cert.checkIssued(new X509Certificate(material.certPem)));
    assert.equal(cert.checkIP('127.79.1.1'), '127.79.1.1');
  });

  it('keeps server CA and client CA apart when they differ', async () => {
    const serverCa = await LocalCa.fromPem(await LocalCa.generate('server CA', 3600));
    const clientCa = await LocalCa.fromPem(await LocalCa.generate('client CA', 3600));
    const gen = new LocalCertGenerator(async () => ({ serverCa, clientCa }));
    assert.equal(await gen.clientCaPem(), clientCa.certPem);
    const cert = new X509Certificate((await gen.issueAmphoraCert('5e5e5e5e-0000-4000-8000-000000000003', 600)).certPem);
    assert.ok(cert.checkIssued(new X509Certificate(serverCa.certPem)));
    assert.ok(!cert.checkIssued(new X509Certificate(clientCa.certPem)));
  });
});

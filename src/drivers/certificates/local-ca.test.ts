import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { LocalCa } from './local-ca.js';
import { loadOrCreateCaDir } from './local-ca-store.js';

const run = promisify(execFile);
const ROOT = new URL('../../../', import.meta.url).pathname;
const dirs: string[] = [];
const tempDir = async () => {
  const d = await mkdtemp(join(tmpdir(), 'octavia-ca-'));
  dirs.push(d);
  return d;
};

describe('local CA', () => {
  after(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('issues an ECDSA P-256 server certificate for an amphora, and a controller client certificate', async () => {
    const ca = await LocalCa.fromPem(await LocalCa.generate('test CA', 3600));
    const caCert = new X509Certificate(ca.certPem);
    assert.ok(caCert.ca);
    const amp = '0c0ffee0-1111-4222-8333-444455556666';
    const server = await ca.issueServerCert({ amphoraId: amp, ip: '127.79.0.9', validitySeconds: 600 });
    const cert = new X509Certificate(server.certPem);
    assert.equal(cert.subject, `CN=${amp}`);
    assert.ok(cert.checkIssued(caCert) && cert.verify(caCert.publicKey));
    assert.equal(cert.checkHost(amp), amp);
    assert.equal(cert.checkIP('127.79.0.9'), '127.79.0.9');
    assert.deepEqual(cert.keyUsage, ['1.3.6.1.5.5.7.3.1']);
    assert.equal(cert.ca, false);
    assert.equal(createPrivateKey(server.keyPem).asymmetricKeyDetails?.namedCurve, 'prime256v1');
    assert.ok(cert.checkPrivateKey(createPrivateKey(server.keyPem)));
    const lifetime = new Date(cert.validTo).getTime() - Date.now();
    assert.ok(lifetime > 500_000 && lifetime <= 600_000, `validity follows the request: ${lifetime}`);
    assert.equal(server.notAfter.getTime(), new Date(cert.validTo).getTime());

    const client = new X509Certificate((await ca.issueClientCert({ commonName: 'octavia-controller', validitySeconds: 600 })).certPem);
    assert.equal(client.subject, 'CN=octavia-controller');
    assert.deepEqual(client.keyUsage, ['1.3.6.1.5.5.7.3.2']);
    assert.ok(client.checkIssued(caCert));
    await assert.rejects(ca.issueServerCert({ amphoraId: 'bad\nname', validitySeconds: 60 }));
  });

  it('refuses a CA key that does not belong to the certificate', async () => {
    const a = await LocalCa.generate('a', 3600);
    const b = await LocalCa.generate('b', 3600);
    await assert.rejects(LocalCa.fromPem({ certPem: a.certPem, keyPem: b.keyPem }), /does not belong/);
  });

  it('creates the CA once, with a private key file of mode 0600, and reuses it', async () => {
    const dir = join(await tempDir(), 'ca');
    const first = await loadOrCreateCaDir(dir);
    assert.equal((await stat(join(dir, 'ca.key'))).mode & 0o777, 0o600);
    assert.deepEqual(await loadOrCreateCaDir(dir), first);
    assert.equal(await readFile(join(dir, 'ca.pem'), 'utf8'), first.certPem);
  });

  it('yields exactly one CA when several processes create it at the same moment', async () => {
    const dir = join(await tempDir(), 'state', 'ca');
    const script = join(await tempDir(), 'make-ca.mts');
    await writeFile(
      script,
      [
        `import { loadOrCreateCaDir } from ${JSON.stringify(join(ROOT, 'src/drivers/certificates/local-ca-store.ts'))};`,
        `const m = await loadOrCreateCaDir(${JSON.stringify(dir)});`,
        'process.stdout.write(m.certPem);',
      ].join('\n'),
    );
    const outputs = await Promise.all(
      Array.from({ length: 6 }, () => run(process.execPath, ['--import', 'tsx', script], { cwd: ROOT }).then((r) => r.stdout)),
    );
    const distinct = new Set(outputs);
    assert.equal(distinct.size, 1, 'every process got the same CA');
    assert.equal([...distinct][0], await readFile(join(dir, 'ca.pem'), 'utf8'));
    const parent = await import('node:fs/promises').then((fs) => fs.readdir(join(dir, '..')));
    assert.deepEqual(parent, ['ca'], 'no temporary directories left');
  });
});

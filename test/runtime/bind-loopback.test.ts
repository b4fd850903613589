// The embedded default listens on loopback only: the real `octavia all-in-one`, with the repository's
// etc/octavia.conf (what `npm start` reads) and with a configuration file that does not name bind_host (the built-in
// default of [api_settings] bind_host), has exactly one listening socket on its API port, bound to 127.0.0.1, and none
// on 0.0.0.0 or ::. The kernel's socket table (/proc/net/tcp, /proc/net/tcp6) says so without any off-host traffic.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { startService, type ServiceProcess } from '../compat/service-process.js';

const TCP_LISTEN = '0A';

/** "0100007F" (little-endian IPv4 in /proc/net/tcp) → "127.0.0.1"; 32 hex digits (tcp6) → a compact-ish IPv6. */
function decodeAddress(hex: string): string {
  if (hex.length === 8) return [6, 4, 2, 0].map((i) => parseInt(hex.slice(i, i + 2), 16)).join('.');
  const words: string[] = [];
  for (let i = 0; i < 32; i += 8) {
    const word = hex.slice(i, i + 8);
    // each 32-bit word is little-endian
    const be = [6, 4, 2, 0].map((j) => word.slice(j, j + 2)).join('');
    words.push(be.slice(0, 4), be.slice(4, 8));
  }
  return words.map((w) => parseInt(w, 16).toString(16)).join(':');
}

/** The local addresses of every listening TCP socket on `port`, IPv4 and IPv6. */
function listeningAddresses(port: number): string[] {
  const out: string[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length < 4 || fields[3] !== TCP_LISTEN) continue;
      const [addr = '', portHex = ''] = (fields[1] ?? '').split(':');
      if (parseInt(portHex, 16) === port) out.push(decodeAddress(addr));
    }
  }
  return out.sort();
}

describe('API bind address', () => {
  const dir = mkdtempSync(join(tmpdir(), 'octavia-bind-'));
  const services: ServiceProcess[] = [];
  after(async () => {
    for (const s of services) await s.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const check = async (service: ServiceProcess) => {
    services.push(service);
    const port = Number(new URL(service.endpoint).port);
    assert.deepEqual(listeningAddresses(port), ['127.0.0.1'], service.logTail());
    assert.match(service.logTail(), new RegExp(`listening on http://127\\.0\\.0\\.1:${port}`));
  };

  it("listens on 127.0.0.1 only with the repository's etc/octavia.conf, as npm start runs it", async () => {
    await check(await startService({ configuredBindHost: true }));
  });

  it('listens on 127.0.0.1 only when the configuration does not name bind_host', async () => {
    const conf = join(dir, 'octavia.conf');
    writeFileSync(conf, '[DEFAULT]\n# nothing about [api_settings]: bind_host keeps its built-in default\n');
    await check(await startService({ configuredBindHost: true, args: ['--config-file', conf] }));
  });
});

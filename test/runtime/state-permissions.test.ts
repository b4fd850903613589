// The real `octavia all-in-one` keeps its state private: the state directory is 0700, the embedded database (with
// its -wal and -shm files), the heartbeat key and the CA key are 0600, on a fresh state path and on one an older
// version left readable by everyone (tightened at startup, each change logged once).
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { startService, type ServiceProcess } from '../compat/service-process.js';
import { eventually } from '../support/eventually.js';
import { VIP_SUBNET } from '../support/fixtures.js';

const modeOf = (path: string) => `0${(statSync(path).mode & 0o777).toString(8)}`;
const SECRETS = ['octavia.sqlite', 'octavia.sqlite-wal', 'octavia.sqlite-shm', 'heartbeat_key'];

async function waitForActive(service: ServiceProcess, lbId: string): Promise<void> {
  const read = async () =>
    (await (await fetch(`${service.endpoint}/v2/lbaas/loadbalancers/${lbId}`)).json()) as {
      loadbalancer?: { provisioning_status?: string };
    };
  await eventually(`load balancer ${lbId} ACTIVE`, read, {
    until: (lb) => lb.loadbalancer?.provisioning_status === 'ACTIVE',
    timeoutMs: 20_000,
    intervalMs: 50,
    detail: () => service.logTail(),
  });
}

describe('state directory permissions', () => {
  const root = mkdtempSync(join(tmpdir(), 'octavia-state-modes-'));
  const services: ServiceProcess[] = [];
  after(async () => {
    for (const s of services) await s.stop();
    rmSync(root, { recursive: true, force: true });
  });
  const start = async (statePath: string, opts: { provider?: string; env?: Record<string, string> } = {}) => {
    const service = await startService({ ...opts, env: { OCTAVIA__DEFAULT__STATE_PATH: statePath, ...opts.env } });
    services.push(service);
    return service;
  };

  it('creates a fresh state path private, with its database, keys and certificate store', async () => {
    const state = join(root, 'fresh', 'state');
    // the amphora provider with the local CA: building an amphora generates the CA under state_path
    const service = await start(state, { provider: 'amphora', env: { OCTAVIA__CERTIFICATES__CERT_GENERATOR: 'local_cert_generator' } });
    const res = await fetch(`${service.endpoint}/v2/lbaas/loadbalancers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ loadbalancer: { vip_subnet_id: VIP_SUBNET } }),
    });
    const text = await res.text();
    assert.equal(res.status, 201, text);
    const { loadbalancer } = JSON.parse(text) as { loadbalancer: { id: string } };
    await waitForActive(service, loadbalancer.id);

    assert.equal(modeOf(state), '0700');
    for (const file of SECRETS) assert.equal(modeOf(join(state, file)), '0600', file);
    assert.equal(modeOf(join(state, 'certificates')), '0700');
    assert.equal(modeOf(join(state, 'ca')), '0700');
    assert.equal(modeOf(join(state, 'ca', 'ca.key')), '0600');
  });

  it('tightens a state path an older version left readable by everyone, and says so once per path', async () => {
    const state = join(root, 'old');
    mkdirSync(join(state, 'certificates'), { recursive: true });
    writeFileSync(join(state, 'octavia.sqlite'), ''); // an empty file is an empty SQLite database
    writeFileSync(join(state, 'heartbeat_key'), 'an-old-key\n');
    for (const dir of [state, join(state, 'certificates')]) chmodSync(dir, 0o755);
    for (const file of ['octavia.sqlite', 'heartbeat_key']) chmodSync(join(state, file), 0o644);

    const service = await start(state);
    assert.equal(modeOf(state), '0700');
    assert.equal(modeOf(join(state, 'certificates')), '0700');
    for (const file of SECRETS) assert.equal(modeOf(join(state, file)), '0600', file);
    const log = service.logTail();
    for (const path of [state, join(state, 'certificates'), join(state, 'octavia.sqlite'), join(state, 'heartbeat_key')]) {
      assert.equal(log.split(`tightened the permissions of ${path}"`).length - 1, 1, `${path} logged once:\n${log}`);
    }
  });
});

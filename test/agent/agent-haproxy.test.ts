// The agent runs a real HAProxy per load balancer: upload (checked), start, traffic, hitless reload under load,
// statistics, stop, delete — and refuses invalid configurations, ids and file names.
import assert from 'node:assert/strict';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createSocket, type Socket } from 'node:dgram';
import { after, before, describe, it } from 'node:test';
import { decodeHeartbeat, type HeartbeatMessage } from '../../src/contracts/heartbeat.js';
import { agentLayout, agentPaths } from '../../src/contracts/agent-api.js';
import { readHaproxyStats } from '../../src/amphora-agent/process/stats.js';
import { alivePids, get, haproxyConfig, newLbIds, recordedPids, startBackend, type Backend } from './haproxy-support.js';
import {
  agentClient,
  createAgentFixture,
  freePort,
  startAgentProcess,
  type AgentClient,
  type AgentFixture,
  type AgentProcess,
} from './support.js';
import { eventually } from '../support/eventually.js';
import { startLoad } from '../support/load.js';

const exists = (p: string) =>
  stat(p).then(
    () => true,
    () => false,
  );

describe('amphora agent: HAProxy lifecycle', () => {
  let fx: AgentFixture;
  let agent: AgentProcess;
  let backend: Backend;
  let client: AgentClient;
  const ids = newLbIds();
  let frontendPort: number;
  let udp: Socket;
  const beats: HeartbeatMessage[] = [];

  before(async () => {
    udp = createSocket('udp4');
    udp.on('message', (datagram) => {
      const decoded = decodeHeartbeat(datagram, 'test-heartbeat-key');
      if (decoded.ok) beats.push(decoded.message);
    });
    await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', () => resolve()));
    fx = await createAgentFixture('127.0.0.1', udp.address().port);
    backend = await startBackend();
    frontendPort = await freePort();
    agent = await startAgentProcess(fx.configFiles);
    client = agentClient(fx, fx.client);
  });

  after(async () => {
    await client?.close();
    agent?.killGroup();
    await backend?.close();
    udp?.close();
    await fx?.cleanup();
  });

  it('refuses ids that are not UUIDs', async () => {
    const cfg = haproxyConfig(ids, frontendPort, backend.port);
    assert.equal((await client.call('PUT', agentPaths.uploadHaproxyConfig('not-a-uuid', ids.lbId), cfg)).status, 400);
    // "..": the client's URL parser removes the dot segment; whatever route that reaches, it is refused
    const dotDot = await client.call('PUT', agentPaths.uploadHaproxyConfig(fx.amphoraId, '..'), cfg);
    assert.ok([400, 404, 405].includes(dotDot.status), `..: ${dotDot.status}`);
    assert.equal((await client.call('PUT', agentPaths.uploadHaproxyConfig(fx.amphoraId, '%2E%2E'), cfg)).status, 400);
    assert.equal((await client.call('PUT', agentPaths.uploadHaproxyConfig(fx.amphoraId, 'abc'), cfg)).status, 400);
    const getMissing = await client.call('GET', agentPaths.haproxyConfig('not-a-uuid'));
    assert.equal(getMissing.status, 404);
    assert.equal(getMissing.json().message, 'Loadbalancer Not Found');
    assert.equal((await client.call('PUT', agentPaths.lbAction('not-a-uuid', 'start'))).status, 404);
    assert.equal(await exists(agentLayout.lbRoot(fx.basePath)), false, 'nothing was written');
  });

  it('uploads a valid configuration and serves traffic after start', async () => {
    const cfg = haproxyConfig(ids, frontendPort, backend.port);
    const put = await client.call('PUT', agentPaths.uploadHaproxyConfig(fx.amphoraId, ids.lbId), cfg);
    assert.equal(put.status, 202);
    assert.deepEqual(put.json(), { message: 'OK' });
    assert.match(String(put.headers.etag), /^[0-9a-f]{32}$/);
    const back = await client.call('GET', agentPaths.haproxyConfig(ids.lbId));
    assert.equal(back.status, 200);
    assert.equal(back.text, cfg);

    const start = await client.call('PUT', agentPaths.lbAction(ids.lbId, 'start'));
    assert.equal(start.status, 202, start.text);
    const res = await get(frontendPort, '/first');
    assert.equal(res.status, 200);
    assert.equal(res.text, 'hello from /first\n');
    assert.equal(res.headers['x-config'], 'v1');

    const listeners = (await client.call('GET', agentPaths.listeners)).json();
    assert.deepEqual(listeners, [{ status: 'ACTIVE', uuid: ids.listenerId, type: 'HTTP' }]);
  });

  it('answers 400 to an invalid configuration and keeps the last known good one', async () => {
    const good = (await client.call('GET', agentPaths.haproxyConfig(ids.lbId))).text;
    const invalid = good.replace('default_backend', 'default_backend_typo');
    const res = await client.call('PUT', agentPaths.uploadHaproxyConfig(fx.amphoraId, ids.lbId), invalid);
    assert.equal(res.status, 400);
    assert.equal(res.json().message, 'Invalid request');
    assert.match(res.json().details, /default_backend_typo|unknown keyword/i);
    assert.equal((await client.call('GET', agentPaths.haproxyConfig(ids.lbId))).text, good);
    assert.ok(await exists(join(agentLayout.lbDir(fx.basePath, ids.lbId), 'haproxy.cfg.new-failed')));
    // a reload now still runs the good configuration
    assert.equal((await client.call('PUT', agentPaths.lbAction(ids.lbId, 'reload'))).status, 202);
    assert.equal((await get(frontendPort)).headers['x-config'], 'v1');
  });

  it('reloads a changed configuration without failing a single request', async () => {
    const pidsBefore = await recordedPids(fx.basePath, ids.lbId);
    // bounded: stopped once the reload is done, and in any case after 40,000 requests or a minute
    const load = startLoad(`http://127.0.0.1:${frontendPort}/load`, {
      concurrency: 8,
      count: 40_000,
      maxMs: 60_000,
      timeoutMs: 10_000,
      detailOf: (reply) => String(reply.headers['x-config']),
    });
    await new Promise((r) => setTimeout(r, 200));
    const upload = await client.call(
      'PUT',
      agentPaths.uploadHaproxyConfig(fx.amphoraId, ids.lbId),
      haproxyConfig(ids, frontendPort, backend.port, 'v2'),
    );
    assert.equal(upload.status, 202);
    const reload = await client.call('PUT', agentPaths.lbAction(ids.lbId, 'reload'));
    assert.equal(reload.status, 202, reload.text);
    assert.equal(reload.json().details, `Listener ${ids.lbId} reloaded`);
    await new Promise((r) => setTimeout(r, 300));
    const served = await load.stop();
    assert.deepEqual(
      load.failures().map((f) => f.detail),
      [],
    );
    const seen = new Set(Object.keys(served.counts));
    assert.ok(served.requests - served.failures > 0);
    assert.ok(seen.has('v1') && seen.has('v2'), `both configurations served during the test: ${[...seen]}`);
    assert.equal((await get(frontendPort)).headers['x-config'], 'v2');
    const pidsAfter = await recordedPids(fx.basePath, ids.lbId);
    assert.equal(pidsAfter[0], pidsBefore[0], 'same master');
    assert.notDeepEqual(pidsAfter.slice(1), pidsBefore.slice(1), 'new worker');
  });

  it('reports frontend statistics from the stats socket', async () => {
    const n = 25;
    const before = await readHaproxyStats(join(agentLayout.lbDir(fx.basePath, ids.lbId), agentLayout.statsSocketName));
    for (let i = 0; i < n; i++) assert.equal((await get(frontendPort)).status, 200);
    const stats = await readHaproxyStats(join(agentLayout.lbDir(fx.basePath, ids.lbId), agentLayout.statsSocketName));
    const fe = stats.find((s) => s.listenerId === ids.listenerId);
    assert.ok(fe, JSON.stringify(stats));
    assert.ok(fe.totalConnections >= n, `totalConnections ${fe.totalConnections} >= ${n}`);
    assert.ok(fe.totalConnections - (before[0]?.totalConnections ?? 0) >= n);
    assert.ok(fe.bytesIn > 0 && fe.bytesOut > 0);
    const viaApi = (await client.call('GET', agentPaths.stats)).json();
    assert.ok(viaApi.find((s: { listenerId: string; totalConnections: number }) => s.listenerId === ids.listenerId).totalConnections >= n);
  });

  it('sends signed heartbeats that carry the running listener', async () => {
    const carrying = () => beats.find((b) => b.id === fx.amphoraId && ids.listenerId in (b.listeners ?? {}));
    const beat = await eventually(`a heartbeat with listener ${ids.listenerId}`, carrying, {
      timeoutMs: 15_000,
      detail: () => `last heartbeat: ${JSON.stringify(beats.at(-1))}`,
    });
    assert.equal(beat.ver, 3);
  });

  it('stores, checks and deletes certificate files, refusing paths', async () => {
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    const certDir = agentLayout.certDir(fx.basePath, ids.lbId);
    for (const name of ['../evil.pem', '..%2Fevil.pem', 'a/b.pem', 'evil.txt', '.pem', 'x..pem']) {
      const path = `/1.0/loadbalancer/${ids.lbId}/certificates/${name.includes('%') ? name : encodeURIComponent(name)}`;
      const res = await client.call('PUT', path, pem);
      assert.equal(res.status, 400, `${name}: ${res.text}`);
    }
    const raw = await client.call('PUT', `/1.0/loadbalancer/${ids.lbId}/certificates/../evil.pem`, pem);
    assert.ok(raw.status === 400 || raw.status === 404, `raw ../: ${raw.status}`);
    assert.equal(await exists(certDir), false, 'nothing written for refused names');
    assert.deepEqual(
      (await readdir(fx.basePath)).filter((f) => f.includes('evil')),
      [],
    );

    const put = await client.call('PUT', agentPaths.certificate(ids.lbId, 'listener.pem'), pem);
    assert.equal(put.status, 200);
    const md5 = (await client.call('GET', agentPaths.certificate(ids.lbId, 'listener.pem'))).json().md5sum;
    assert.equal(md5, put.headers.etag);
    assert.equal((await stat(join(certDir, 'listener.pem'))).mode & 0o777, 0o600);
    assert.equal((await client.call('DELETE', agentPaths.certificate(ids.lbId, 'listener.pem'))).status, 200);
    assert.equal((await client.call('GET', agentPaths.certificate(ids.lbId, 'listener.pem'))).status, 404);
  });

  it('validates plug requests', async () => {
    const vip = await client.call(
      'POST',
      agentPaths.plugVip('127.80.0.10'),
      JSON.stringify({ subnet_cidr: '127.80.0.0/16', gateway: null, mac_address: 'fa:16:3e:00:00:01' }),
    );
    assert.equal(vip.status, 202, vip.text);
    assert.equal(
      (
        await client.call(
          'POST',
          agentPaths.plugVip('not-an-ip'),
          JSON.stringify({ subnet_cidr: '127.80.0.0/16', gateway: null, mac_address: 'fa:16:3e:00:00:01' }),
        )
      ).status,
      400,
    );
    assert.equal((await client.call('POST', agentPaths.plugVip('127.80.0.10'), '{"gateway": null}')).status, 400);
    const net = await client.call(
      'POST',
      agentPaths.plugNetwork,
      JSON.stringify({ mac_address: 'fa:16:3e:00:00:02', fixed_ips: [{ ip_address: '127.80.0.11', subnet_cidr: '127.80.0.0/16' }] }),
    );
    assert.equal(net.status, 202);
    assert.equal(net.json().details, 'Plugged on interface eth2');
    assert.equal(
      (
        await client.call(
          'POST',
          agentPaths.plugNetwork,
          JSON.stringify({ mac_address: 'fa:16:3e:00:00:02', fixed_ips: [{ ip_address: 'bogus\nx' }] }),
        )
      ).status,
      400,
    );
  });

  it('stops, then deletes: no HAProxy process and no directory remain', async () => {
    const pids = await recordedPids(fx.basePath, ids.lbId);
    assert.ok(pids.length >= 2, `master and worker recorded: ${pids}`);
    assert.deepEqual(alivePids(pids), pids);
    const stop = await client.call('PUT', agentPaths.lbAction(ids.lbId, 'stop'));
    assert.equal(stop.status, 202);
    assert.deepEqual(alivePids(pids), []);
    await assert.rejects(get(frontendPort));
    assert.deepEqual((await client.call('GET', agentPaths.listeners)).json(), [{ status: 'OFFLINE', uuid: ids.listenerId, type: 'HTTP' }]);

    assert.equal((await client.call('PUT', agentPaths.lbAction(ids.lbId, 'start'))).status, 202);
    assert.equal((await get(frontendPort)).status, 200);
    const running = await recordedPids(fx.basePath, ids.lbId);
    await client.call('PUT', agentPaths.certificate(ids.lbId, 'listener.pem'), 'pem');
    const del = await client.call('DELETE', agentPaths.deleteLoadBalancer(ids.lbId));
    assert.equal(del.status, 200);
    assert.deepEqual(del.json(), { message: 'OK' });
    assert.deepEqual(alivePids(running), []);
    assert.equal(await exists(agentLayout.lbDir(fx.basePath, ids.lbId)), false);
    assert.equal(await exists(agentLayout.certDir(fx.basePath, ids.lbId)), false);
    assert.equal((await client.call('GET', agentPaths.haproxyConfig(ids.lbId))).status, 404);
    assert.equal((await client.call('DELETE', agentPaths.deleteLoadBalancer(ids.lbId))).status, 200, 'idempotent');
  });
});

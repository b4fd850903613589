// The agent speaks only mutual TLS with a client certificate from its client CA; its server certificate can be
// rotated without a restart; its configuration can be replaced over the API.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { X509Certificate } from 'node:crypto';
import { connect } from 'node:tls';
import { after, before, describe, it } from 'node:test';
import { agentPaths } from '../../src/contracts/agent-api.js';
import { parseAgentConfig, renderAgentConfig } from '../../src/contracts/agent-config.js';
import { agentClient, createAgentFixture, startAgentProcess, type AgentFixture, type AgentProcess } from './support.js';

/** The certificate the agent presents on a fresh TLS connection (with a valid client certificate). */
function peerCertificate(fx: AgentFixture): Promise<X509Certificate> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: fx.host, port: fx.port, ...fx.client, servername: fx.amphoraId }, () => {
      const raw = socket.getPeerCertificate().raw;
      socket.destroy();
      resolve(new X509Certificate(raw));
    });
    socket.once('error', reject);
  });
}

describe('amphora agent: mutual TLS', () => {
  let fx: AgentFixture;
  let agent: AgentProcess;

  before(async () => {
    fx = await createAgentFixture('127.79.201.7');
    agent = await startAgentProcess(fx.configFiles);
  });

  after(async () => {
    agent?.killGroup();
    await fx?.cleanup();
  });

  it('refuses a client without a certificate', async () => {
    const client = agentClient(fx, { ca: fx.client.ca });
    await assert.rejects(client.call('GET', agentPaths.info));
    await client.close();
  });

  it('refuses a client whose certificate comes from another CA', async () => {
    const client = agentClient(fx, fx.strangerClient);
    await assert.rejects(client.call('GET', agentPaths.info));
    await client.close();
  });

  it('answers a client with a certificate from its client CA', async () => {
    const client = agentClient(fx, fx.client);
    const info = await client.call('GET', agentPaths.info);
    assert.equal(info.status, 200);
    const body = info.json();
    assert.equal(body.api_version, '1.0');
    assert.match(body.haproxy_version, /^\d+\.\d+/);
    assert.equal(typeof body.hostname, 'string');
    assert.deepEqual((await client.call('GET', '/')).json(), { api_version: '1.0' });
    const details = (await client.call('GET', agentPaths.details)).json();
    assert.equal(details.topology, 'SINGLE');
    assert.deepEqual(details.listeners, []);
    await client.close();
  });

  it('presents a server certificate for its amphora id, signed by the CA', async () => {
    const cert = await peerCertificate(fx);
    assert.match(cert.subject, new RegExp(`CN=${fx.amphoraId}`));
    assert.ok(cert.checkIssued(new X509Certificate(fx.ca.certPem)));
    assert.equal(cert.checkHost(fx.amphoraId), fx.amphoraId);
    assert.equal(cert.checkIP(fx.host), fx.host);
  });

  it('answers unknown paths and methods with framework errors', async () => {
    const client = agentClient(fx, fx.client);
    const missing = await client.call('GET', '/1.0/nothing');
    assert.equal(missing.status, 404);
    assert.equal(missing.json().http_code, 404);
    const wrongMethod = await client.call('POST', agentPaths.info);
    assert.equal(wrongMethod.status, 405);
    assert.equal(wrongMethod.json().http_code, 405);
    await client.close();
  });

  it('rotates its server certificate without a restart', async () => {
    const before = await peerCertificate(fx);
    const fresh = await fx.ca.issueServerCert({ amphoraId: fx.amphoraId, ip: fx.host, validitySeconds: 7200 });
    const client = agentClient(fx, fx.client);
    const broken = await client.call('PUT', agentPaths.serverCertificate, fresh.certPem);
    assert.equal(broken.status, 400, 'a PEM without its key is refused');
    const res = await client.call('PUT', agentPaths.serverCertificate, fresh.certPem + fresh.keyPem);
    assert.equal(res.status, 202);
    await client.close();
    const after = await peerCertificate(fx);
    assert.notEqual(after.serialNumber, before.serialNumber);
    assert.equal(after.serialNumber, new X509Certificate(fresh.certPem).serialNumber);
    assert.equal(await readFile(fx.serverCertPath, 'utf8'), fresh.certPem + fresh.keyPem);
    assert.equal(agent.child.exitCode, null, 'the agent kept running');
  });

  it('replaces its configuration with PUT /1.0/config and refuses invalid ones', async () => {
    const client = agentClient(fx, fx.client);
    const text = renderAgentConfig({
      amphoraId: fx.amphoraId,
      heartbeat: { controllerIpPortList: ['127.0.0.1:5556', '[::1]:5557'], intervalSeconds: 3, key: 'rotated' },
    });
    const ok = await client.call('PUT', agentPaths.config, text);
    assert.equal(ok.status, 202);
    assert.equal(await readFile(fx.configFiles[0] as string, 'utf8'), text);
    const parsed = parseAgentConfig(await Promise.all(fx.configFiles.map((f) => readFile(f, 'utf8'))));
    assert.deepEqual(parsed.heartbeat, { controllerIpPortList: ['127.0.0.1:5556', '[::1]:5557'], intervalSeconds: 3, key: 'rotated' });

    const injected = `[amphora_agent]\namphora_id = ${fx.amphoraId}\n[health_manager]\nheartbeat_interval = x\n`;
    const bad = await client.call('PUT', agentPaths.config, injected);
    assert.equal(bad.status, 500);
    assert.equal(bad.json().message, 'Unable to update amphora-agent configuration.');
    assert.equal(await readFile(fx.configFiles[0] as string, 'utf8'), text, 'the stored config is unchanged');
    await client.close();
  });
});

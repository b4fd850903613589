// HAProxy keeps serving while the agent is down; a new agent adopts the running HAProxy from its PID files, or
// restarts it from the last known good configuration when it died meanwhile.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { agentPaths } from '../../src/contracts/agent-api.js';
import { waitForExit } from '../../src/amphora-agent/process/pids.js';
import { alivePids, get, haproxyConfig, newLbIds, recordedPids, startBackend, type Backend } from './haproxy-support.js';
import { agentClient, createAgentFixture, freePort, startAgentProcess, type AgentFixture, type AgentProcess } from './support.js';

describe('amphora agent: restart and re-adoption', () => {
  let fx: AgentFixture;
  let backend: Backend;
  let frontendPort: number;
  const agents: AgentProcess[] = [];
  const ids = newLbIds();
  const started = async () => {
    const agent = await startAgentProcess(fx.configFiles);
    agents.push(agent);
    return agent;
  };

  before(async () => {
    fx = await createAgentFixture('127.79.202.9');
    backend = await startBackend();
    frontendPort = await freePort();
  });

  after(async () => {
    for (const agent of agents) agent.killGroup();
    for (const pid of alivePids(await recordedPids(fx.basePath, ids.lbId))) process.kill(pid, 'SIGKILL');
    await backend?.close();
    await fx?.cleanup();
  });

  it('keeps HAProxy serving while the agent is down and adopts it on start', async () => {
    const first = await started();
    const client = agentClient(fx, fx.client);
    assert.equal(
      (await client.call('PUT', agentPaths.uploadHaproxyConfig(fx.amphoraId, ids.lbId), haproxyConfig(ids, frontendPort, backend.port)))
        .status,
      202,
    );
    assert.equal((await client.call('PUT', agentPaths.lbAction(ids.lbId, 'start'))).status, 202);
    await client.close();
    const pids = await recordedPids(fx.basePath, ids.lbId);

    await first.stopAgentOnly();
    assert.deepEqual(alivePids(pids), pids, 'haproxy survived the agent');
    assert.equal((await get(frontendPort)).status, 200);

    await started();
    const again = agentClient(fx, fx.client);
    assert.deepEqual((await again.call('GET', agentPaths.listeners)).json(), [{ status: 'ACTIVE', uuid: ids.listenerId, type: 'HTTP' }]);
    assert.equal(
      (
        await again.call(
          'PUT',
          agentPaths.uploadHaproxyConfig(fx.amphoraId, ids.lbId),
          haproxyConfig(ids, frontendPort, backend.port, 'v2'),
        )
      ).status,
      202,
    );
    assert.equal((await again.call('PUT', agentPaths.lbAction(ids.lbId, 'reload'))).status, 202);
    assert.equal((await get(frontendPort)).headers['x-config'], 'v2');
    assert.equal((await recordedPids(fx.basePath, ids.lbId))[0], pids[0], 'the adopted master was reloaded, not replaced');
    await again.close();
  });

  it('restarts a HAProxy that died while the agent was down, from the last known good configuration', async () => {
    await (agents.at(-1) as AgentProcess).stopAgentOnly();
    const pids = await recordedPids(fx.basePath, ids.lbId);
    for (const pid of pids) process.kill(pid, 'SIGKILL');
    for (const pid of pids) assert.ok(await waitForExit(pid, 10_000));
    await assert.rejects(get(frontendPort));

    await started();
    const res = await get(frontendPort);
    assert.equal(res.status, 200);
    assert.equal(res.headers['x-config'], 'v2');
    const now = await recordedPids(fx.basePath, ids.lbId);
    assert.notEqual(now[0], pids[0]);

    const client = agentClient(fx, fx.client);
    assert.equal((await client.call('PUT', agentPaths.lbAction(ids.lbId, 'stop'))).status, 202);
    assert.deepEqual(alivePids(now), []);
    await client.close();
  });
});

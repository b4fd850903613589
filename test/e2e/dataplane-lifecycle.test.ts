// Data plane through real amphorae: what reaches an amphora's files, and what a delete leaves. Names with a newline
// or `../` are stored as Octavia stores them but never reach haproxy.cfg or a path (the config names objects by
// id); a url_path or L7 rule value with a newline is refused by the API; the agent itself refuses a config upload
// whose load balancer id is a path. Deleting a load balancer stops its amphora's process group and removes its
// directory, its management address claim, its VIP port and the listening socket.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { agentPaths } from '../../src/contracts/agent-api.js';
import { AgentClient } from '../../src/drivers/amphora/agent-client.js';
import { controllerClientCredentials } from '../../src/drivers/certificates/local-cert-generator.js';
import { startAmphoraApi, type AmphoraApi } from '../support/amphora-harness.js';
import { startBackend, type Backend } from '../support/backends.js';
import { LB } from '../support/fixtures.js';
import { eventually } from '../support/eventually.js';
import { httpGet } from '../support/http-client.js';
import { amphoraOf, createServingLb, memberOf, updateAndWait } from '../support/serving-lb.js';

const INJECTED = 'server injected 127.0.0.9:1';

/** Every file under dir, as paths relative to it. */
function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const entry of readdirSync(join(dir, rel), { withFileTypes: true })) {
      const path = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else out.push(path);
    }
  };
  walk('');
  return out;
}

/** Processes of an amphora: its agent's process group, or a command line or working directory inside its dir. */
function processesOf(amphoraDir: string, agentPid: number): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      const cwd = readlinkSync(`/proc/${pid}/cwd`);
      // the process group is the 5th field of /proc/<pid>/stat, counted after the parenthesised command name
      const pgrp = Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ')[2]);
      if (pgrp === agentPid || cmdline.includes(amphoraDir) || cwd.startsWith(amphoraDir)) found.push(`${pid} ${cmdline}`);
    } catch {
      // gone while we looked
    }
  }
  return found;
}

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('data plane: what reaches an amphora, and what a delete leaves', () => {
  let api: AmphoraApi;
  const backends: Backend[] = [];

  before(async () => {
    api = await startAmphoraApi();
  });

  after(async () => {
    await api?.close();
    await Promise.all(backends.map((b) => b.stop()));
  });

  it('newlines and ../ in names, url_path and rule values never reach haproxy.cfg or a file path', async () => {
    const member = await startBackend('safe');
    backends.push(member);
    const lb = await createServingLb(api, {
      protocol: 'HTTP',
      protocol_port: 18400,
      name: `listener\n${INJECTED}`,
      default_pool: {
        name: '../../../../escape-pool',
        protocol: 'HTTP',
        lb_algorithm: 'ROUND_ROBIN',
        members: [memberOf(member, { name: `evil\n    ${INJECTED}` })],
      },
    });
    const amp = await amphoraOf(api, lb.id);
    const memberId = [...lb.memberIds.values()][0]!;

    // names are free text in Octavia: stored as given ...
    const stored = await api.get(`/v2/lbaas/pools/${lb.poolId}/members/${memberId}`);
    assert.equal(stored.body.member.name, `evil\n    ${INJECTED}`);
    await updateAndWait(api, lb.id, `/v2/lbaas/pools/${lb.poolId}/members/${memberId}`, {
      member: { name: `../../escape-member\n${INJECTED}` },
    });
    await updateAndWait(api, lb.id, `/v2/lbaas/pools/${lb.poolId}`, {
      pool: { name: `../escape-pool\n${INJECTED}`, description: `\n${INJECTED}` },
    });

    // ... values that Octavia renders are refused with a 400
    const badMonitor = await api.post('/v2/lbaas/healthmonitors', {
      healthmonitor: {
        pool_id: lb.poolId,
        type: 'HTTP',
        delay: 1,
        timeout: 1,
        max_retries: 1,
        url_path: `/ok\nhttp-check expect string ${INJECTED}`,
      },
    });
    assert.equal(badMonitor.status, 400, badMonitor.text);
    const goodMonitor = await api.post('/v2/lbaas/healthmonitors', {
      healthmonitor: { pool_id: lb.poolId, type: 'HTTP', delay: 1, timeout: 1, max_retries: 1, url_path: '/ok' },
    });
    assert.equal(goodMonitor.status, 201, goodMonitor.text);
    await api.waitFor(`${LB}/${lb.id}`, (b) => b.loadbalancer.provisioning_status === 'ACTIVE');
    const badMonitorUpdate = await api.put(`/v2/lbaas/healthmonitors/${goodMonitor.body.healthmonitor.id}`, {
      healthmonitor: { url_path: `/\r\n${INJECTED}` },
    });
    assert.equal(badMonitorUpdate.status, 400, badMonitorUpdate.text);
    const policy = await api.post('/v2/lbaas/l7policies', { l7policy: { listener_id: lb.listenerId, action: 'REJECT' } });
    assert.equal(policy.status, 201, policy.text);
    await api.waitFor(`${LB}/${lb.id}`, (b) => b.loadbalancer.provisioning_status === 'ACTIVE');
    const badRule = await api.post(`/v2/lbaas/l7policies/${policy.body.l7policy.id}/rules`, {
      rule: { type: 'PATH', compare_type: 'STARTS_WITH', value: `/x\n${INJECTED}` },
    });
    assert.equal(badRule.status, 400, badRule.text);

    // the agent refuses an upload whose load balancer id is a path, whatever the config says
    const cfgPath = join(amp.lbDir, 'haproxy.cfg');
    const config = readFileSync(cfgPath, 'utf8');
    const client = new AgentClient(() => controllerClientCredentials(api.config), {
      port: api.config.haproxy_amphora.bind_port,
      connectTimeoutMs: 5000,
      readTimeoutMs: 30_000,
    });
    try {
      const target = { id: amp.id, lbNetworkIp: amp.lbNetworkIp, computeId: amp.computeId };
      for (const lbId of ['../../escape-upload', '..', `${lb.id}/../escape-upload`]) {
        // `..` itself is not percent-encoded, so that path collapses onto another route (405); the others are 400/404
        const res = await client.call(target, 'PUT', agentPaths.uploadHaproxyConfig(amp.id, lbId), config, [200, 201, 202, 400, 404, 405]);
        assert.ok([400, 404, 405].includes(res.status), `upload as ${JSON.stringify(lbId)} answered ${res.status}`);
      }
    } finally {
      await client.close();
    }

    // the rendered config and the amphora's files: ids only, nothing injected, nothing escaped
    const rendered = readFileSync(cfgPath, 'utf8');
    assert.ok(!rendered.includes('injected'), rendered);
    assert.ok(!rendered.includes('escape'), rendered);
    assert.match(rendered, new RegExp(`^    server ${memberId} 127\\.0\\.0\\.1:${member.port} `, 'm'));
    const files = filesUnder(api.stateDir);
    assert.deepEqual(
      files.filter((f) => /escape|injected/.test(f)),
      [],
    );
    assert.ok(files.includes(`amphorae/${amp.computeId}/state/lb/${lb.id}/haproxy.cfg`), files.join('\n'));
    // and the load balancer still serves
    assert.equal((await httpGet(lb.url)).body, 'safe');
  });

  it('deleting a load balancer leaves no process, no file and no address behind', async () => {
    const member = await startBackend('gone');
    backends.push(member);
    const lb = await createServingLb(api, {
      protocol: 'HTTP',
      protocol_port: 18401,
      default_pool: {
        protocol: 'HTTP',
        lb_algorithm: 'ROUND_ROBIN',
        members: [memberOf(member)],
        healthmonitor: { type: 'HTTP', delay: 1, timeout: 1, max_retries: 1 },
      },
    });
    assert.equal((await httpGet(lb.url)).body, 'gone');
    const amp = await amphoraOf(api, lb.id);
    const agentPid = (JSON.parse(readFileSync(join(amp.dir, 'instance.json'), 'utf8')) as { pid: number }).pid;
    const lockFile = join(api.stateDir, 'amphorae', '.management-ips', amp.lbNetworkIp);
    const db = api.runtime.database.db;
    // what there is to remove: the agent and HAProxy (master and worker), the directory, the claims
    const running = processesOf(amp.dir, agentPid);
    assert.ok(running.length >= 3, running.join('\n'));
    assert.ok(
      running.some((p) => p.includes('haproxy')),
      running.join('\n'),
    );
    assert.ok(existsSync(amp.dir));
    assert.ok(existsSync(lockFile));
    assert.equal((await db.selectFrom('network_port').select('id').where('ip_address', '=', lb.vip).execute()).length, 1);

    const res = await api.delete(`${LB}/${lb.id}?cascade=true`);
    assert.equal(res.status, 204, res.text);
    const started = performance.now();
    await eventually(
      'the load balancer is deleted',
      async () => {
        const res = await api.get(`${LB}/${lb.id}`);
        return res.status === 404 || res.body?.loadbalancer?.provisioning_status === 'DELETED';
      },
      { timeoutMs: 30_000, intervalMs: 50 },
    );
    await eventually(
      'the amphora is gone',
      async () => {
        const left = processesOf(amp.dir, agentPid);
        return left.length === 0 && !existsSync(amp.dir) && !existsSync(lockFile);
      },
      { timeoutMs: 20_000, intervalMs: 50 },
    );
    const goneMs = performance.now() - started;
    assert.deepEqual(processesOf(amp.dir, agentPid), []);
    assert.equal(existsSync(amp.dir), false);
    assert.equal(existsSync(lockFile), false);
    assert.deepEqual(await db.selectFrom('network_port').select(['id', 'ip_address']).where('ip_address', '=', lb.vip).execute(), []);
    assert.equal(await canConnect(lb.vip, lb.port), false, 'something still listens on the VIP');
    assert.equal(
      await canConnect(amp.lbNetworkIp, api.config.haproxy_amphora.bind_port),
      false,
      'something still listens on the management address',
    );
    const amphora = await db.selectFrom('amphora').select(['status']).where('id', '=', amp.id).executeTakeFirst();
    assert.ok(amphora === undefined || amphora.status === 'DELETED', JSON.stringify(amphora));
    console.log(`# delete: amphora processes, directory and address claim gone ${goneMs.toFixed(0)} ms after the DELETE answered`);
  });
});

// The rendered configurations against the real HAProxy: `haproxy -c` accepts every golden fixture without a warning,
// and a rendered configuration actually starts in master-worker mode under the open-file limit it was derived for,
// forwards a request to a loopback member and reports the rendered maxconn on its stats socket. One configuration
// rendered for ten times that limit must be refused by HAProxy, which shows the start test can catch a bad maxconn.
// Needs `haproxy` on PATH (scripts/ensure-haproxy.sh).

import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SERVER_STATE_FILE, STATS_SOCKET_FILE } from '../../src/contracts/haproxy-files.js';
import { renderHaproxyConfig } from '../../src/render/haproxy/render.js';
import { GOLDEN_CASES, listener, loadBalancer, member, monitor, policy, pool, rule } from '../../src/render/haproxy/test-fixtures.js';

function run(command: string, args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(command, args, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({ code, output: `${stdout}${stderr}` });
    });
  });
}

/** The soft RLIMIT_NOFILE of processes started from here (Node has no API for it). */
async function currentFdLimit(): Promise<number> {
  const { output } = await run('sh', ['-c', 'ulimit -n']);
  const limit = Number(output.trim());
  assert.ok(Number.isInteger(limit) && limit > 0, `ulimit -n said ${output}`);
  return limit;
}

/** A directory the load balancer's files go to, with the server-state file the agent writes before a reload. */
function lbDirUnder(root: string, name: string): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, SERVER_STATE_FILE), '1\n');
  return dir;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Blanks, `#`, quotes and a backslash: the rendered ACL must match exactly this text, not a part of it. */
const TRICKY_HEADER_VALUE = `a b#c"d'e\\f`;

function httpGet(port: number, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/', agent: false, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function statsCommand(socketPath: string, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let answer = '';
    const socket = connect(socketPath, () => socket.end(`${command}\n`));
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}

/** Runs haproxy in master-worker mode under an exact open-file limit (soft = hard), as the agent would. */
function startHaproxy(cfg: string, fdLimit: number): ChildProcess {
  return spawn('sh', ['-c', `ulimit -n ${fdLimit} && exec haproxy -W -db -f "$0"`, cfg], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Resolves with the output once HAProxy says it loaded, rejects with it when the process exits first. */
function waitForLoad(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      if (output.includes('Loading success')) resolve(output);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`haproxy exited with ${String(code)} before loading:\n${output}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  process.kill(child.pid, 'SIGTERM'); // the master stops its workers
  return exited;
}

describe('haproxy -c accepts every golden fixture', () => {
  let root: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'octavia-haproxy-check-'));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  for (const golden of GOLDEN_CASES) {
    it(golden.name, async () => {
      const lbDir = lbDirUnder(root, golden.name);
      const { text } = renderHaproxyConfig(golden.graph, {
        amphoraId: 'amphora-e2e',
        lbDir,
        fdLimit: await currentFdLimit(),
        ...(golden.defaults ? { defaults: golden.defaults } : {}),
      });
      const cfg = join(lbDir, 'haproxy.cfg');
      writeFileSync(cfg, text);
      const { code, output } = await run('haproxy', ['-c', '-f', cfg]);
      assert.equal(code, 0, output);
      assert.match(output, /Configuration file is valid/);
      assert.doesNotMatch(output, /WARNING|ALERT/, output);
    });
  }
});

describe('a rendered configuration starts under the real open-file limit', () => {
  let root: string;
  let member1: Server;
  const children: ChildProcess[] = [];
  const seenForwardedFor: string[] = [];

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'octavia-haproxy-start-'));
    member1 = createServer((req, res) => {
      seenForwardedFor.push(String(req.headers['x-forwarded-for'] ?? ''));
      res.end('hello from member-1');
    });
    await new Promise<void>((resolve) => member1.listen(0, '127.0.0.1', resolve));
  });
  after(async () => {
    await Promise.all(children.map(stop));
    await new Promise<void>((resolve) => member1.close(() => resolve()));
    rmSync(root, { recursive: true, force: true });
  });

  async function graphOnFreePorts() {
    const memberPort = (member1.address() as AddressInfo).port;
    const listenerPort = await freePort();
    const graph = loadBalancer(
      [
        listener('listener-start', 'HTTP', listenerPort, {
          default_pool_id: 'pool-start',
          insert_headers: { 'X-Forwarded-For': 'true' },
          l7policies: [
            policy('policy-deny', 'REJECT', 1, [rule('rule-exact', 'HEADER', 'EQUAL_TO', TRICKY_HEADER_VALUE, { key: 'X-Test' })]),
          ],
        }),
      ],
      [pool('pool-start', 'HTTP', [member('member-1', memberPort)], { health_monitor: monitor('HTTP', { delay: 1 }) })],
      { id: 'lb-start' },
    );
    return { graph, listenerPort };
  }

  it('starts, forwards to the member and reports the derived maxconn', async () => {
    const fdLimit = await currentFdLimit();
    const { graph, listenerPort } = await graphOnFreePorts();
    const lbDir = lbDirUnder(root, 'fits');
    const rendered = renderHaproxyConfig(graph, { amphoraId: 'amphora-e2e', lbDir, fdLimit });
    const maxconn = Number(/^ {4}maxconn (\d+)$/m.exec(rendered.text)?.[1]);
    assert.ok(maxconn > 0 && maxconn < 50000, `the default 50000 must have been capped, got ${maxconn}`);
    const cfg = join(lbDir, 'haproxy.cfg');
    writeFileSync(cfg, rendered.text);

    const child = startHaproxy(cfg, fdLimit);
    children.push(child);
    await waitForLoad(child);

    const response = await httpGet(listenerPort);
    assert.equal(response.status, 200);
    assert.equal(response.body, 'hello from member-1');
    assert.ok(seenForwardedFor.includes('127.0.0.1'), `X-Forwarded-For seen: ${seenForwardedFor.join(',')}`);
    // The escaped L7 rule value matches the header value exactly, and only exactly.
    assert.equal((await httpGet(listenerPort, { 'X-Test': TRICKY_HEADER_VALUE })).status, 403);
    assert.equal((await httpGet(listenerPort, { 'X-Test': 'a b' })).status, 200);
    assert.equal((await httpGet(listenerPort, { 'X-Test': `${TRICKY_HEADER_VALUE}x` })).status, 200);

    const info = await statsCommand(join(lbDir, STATS_SOCKET_FILE), 'show info');
    assert.match(info, new RegExp(`^Maxconn: ${maxconn}$`, 'm'));
    const stat = await statsCommand(join(lbDir, STATS_SOCKET_FILE), 'show stat');
    assert.match(stat, /^listener-start,FRONTEND,/m);
    assert.match(stat, /^pool-start:listener-start,member-1,/m);

    await stop(child);
    assert.notEqual(child.exitCode ?? child.signalCode, null);
  });

  it('is refused by HAProxy when rendered for ten times the open-file limit', async () => {
    const fdLimit = await currentFdLimit();
    const { graph } = await graphOnFreePorts();
    const lbDir = lbDirUnder(root, 'too-big');
    const rendered = renderHaproxyConfig(graph, { amphoraId: 'amphora-e2e', lbDir, fdLimit: fdLimit * 10 });
    const cfg = join(lbDir, 'haproxy.cfg');
    writeFileSync(cfg, rendered.text);

    const child = startHaproxy(cfg, fdLimit);
    children.push(child);
    await assert.rejects(waitForLoad(child), /Cannot raise FD limit/);
  });
});

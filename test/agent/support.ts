// Test support for the amphora agent: a throwaway CA and certificates, agent config files, the agent as a child
// process (its own process group, stopped by PID), and a mutual-TLS client.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { renderAgentConfig } from '../../src/contracts/agent-config.js';
import { LocalCa } from '../../src/drivers/certificates/local-ca.js';

const ROOT = new URL('../../', import.meta.url).pathname;

export async function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, host, () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export interface Credentials {
  readonly cert: string;
  readonly key: string;
  readonly ca: string;
}

export interface AgentFixture {
  readonly dir: string;
  readonly amphoraId: string;
  readonly host: string;
  readonly port: number;
  readonly basePath: string;
  readonly configFiles: string[];
  readonly serverCertPath: string;
  readonly ca: LocalCa;
  /** signed by the agent's client CA */
  readonly client: Credentials;
  /** signed by an unrelated CA */
  readonly strangerClient: Credentials;
  cleanup(): Promise<void>;
}

/** `heartbeatPort`: UDP port on 127.0.0.1 the agent's heartbeats go to (default: a port nobody listens on). */
export async function createAgentFixture(host = '127.0.0.1', heartbeatPort?: number): Promise<AgentFixture> {
  const dir = await mkdtemp(join(tmpdir(), 'oagt-'));
  const amphoraId = randomUUID();
  const ca = await LocalCa.fromPem(await LocalCa.generate('agent test CA', 3600));
  const stranger = await LocalCa.fromPem(await LocalCa.generate('stranger CA', 3600));
  const server = await ca.issueServerCert({ amphoraId, ip: host, validitySeconds: 3600 });
  const client = await ca.issueClientCert({ commonName: 'octavia-controller', validitySeconds: 3600 });
  const strangerClient = await stranger.issueClientCert({ commonName: 'octavia-controller', validitySeconds: 3600 });
  const serverCertPath = join(dir, 'server.pem');
  const clientCaPath = join(dir, 'client_ca.pem');
  await writeFile(serverCertPath, server.certPem + server.keyPem, { mode: 0o600 });
  await writeFile(clientCaPath, ca.certPem);
  const port = await freePort(host);
  // long on purpose: <basePath>/lb/<uuid>/master.sock exceeds the 107 bytes of a Unix socket address, as a real
  // state directory (<state_path>/amphorae/<uuid>/state) easily does
  const basePath = join(dir, 'amphorae', amphoraId, 'state');
  const controllerPart = join(dir, 'amphora-agent.conf');
  const hostPart = join(dir, 'host.conf');
  await writeFile(
    controllerPart,
    renderAgentConfig({
      amphoraId,
      heartbeat: {
        controllerIpPortList: [`127.0.0.1:${heartbeatPort ?? (await freePort())}`],
        intervalSeconds: 1,
        key: 'test-heartbeat-key',
      },
    }),
  );
  await writeFile(hostPart, renderAgentConfig({ bindHost: host, bindPort: port, basePath, serverCertPath, serverCaPath: clientCaPath }));
  return {
    dir,
    amphoraId,
    host,
    port,
    basePath,
    configFiles: [controllerPart, hostPart],
    serverCertPath,
    ca,
    client: { cert: client.certPem, key: client.keyPem, ca: ca.certPem },
    strangerClient: { cert: strangerClient.certPem, key: strangerClient.keyPem, ca: ca.certPem },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

export interface AgentProcess {
  readonly pid: number;
  readonly child: ChildProcess;
  readonly output: () => string;
  /** SIGTERM to the agent only (HAProxy keeps running) and wait for it to exit */
  stopAgentOnly(): Promise<void>;
  /** SIGKILL to the agent's whole process group (agent and every HAProxy it started) */
  killGroup(): void;
}

export async function startAgentProcess(configFiles: string[]): Promise<AgentProcess> {
  const args = ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), 'amphora-agent'];
  for (const f of configFiles) args.push('--config-file', f);
  const child = spawn(process.execPath, args, { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (out += b.toString()));
  const pid = child.pid as number;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`agent did not become ready:\n${out}`)), 30_000);
    const check = () => {
      if (out.includes('"msg":"amphora agent listening"')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`agent exited with ${code}:\n${out}`));
    });
  });
  child.removeAllListeners('exit');
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    pid,
    child,
    output: () => out,
    async stopAgentOnly() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      process.kill(pid, 'SIGTERM');
      await exited;
    },
    killGroup() {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // group already gone
      }
    },
  };
}

export interface AgentClient {
  call(
    method: string,
    path: string,
    body?: string | Buffer,
  ): Promise<{ status: number; headers: Record<string, unknown>; text: string; json: () => any }>;
  close(): Promise<void>;
}

export function agentClient(fx: Pick<AgentFixture, 'host' | 'port'>, creds: Partial<Credentials> & { ca: string }): AgentClient {
  const dispatcher = new Agent({ connect: { ...creds, rejectUnauthorized: true }, pipelining: 0 });
  const origin = `https://${fx.host}:${fx.port}`;
  return {
    async call(method, path, body) {
      const res = await request(`${origin}${path}`, { method: method as 'GET', body, dispatcher });
      const text = await res.body.text();
      return { status: res.statusCode, headers: res.headers, text, json: () => JSON.parse(text) };
    },
    close: () => dispatcher.close(),
  };
}

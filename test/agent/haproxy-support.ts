// A loopback backend and traffic helpers for agent tests that run real HAProxy processes.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { agentLayout } from '../../src/contracts/agent-api.js';
import { isAlive } from '../../src/amphora-agent/process/pids.js';
import { httpGet, type Reply } from '../support/http-client.js';

export interface Backend {
  readonly port: number;
  readonly server: Server;
  close(): Promise<void>;
}

export async function startBackend(): Promise<Backend> {
  const server = createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/plain', Connection: 'close' });
    res.end(`hello from ${req.url}\n`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    port: (server.address() as { port: number }).port,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** One GET on a new connection to a local frontend. */
export const get = (port: number, path = '/', host = '127.0.0.1'): Promise<Reply> =>
  httpGet(`http://${host}:${port}${path}`, { timeoutMs: 10_000 });

export interface LbIds {
  readonly lbId: string;
  readonly listenerId: string;
  readonly poolId: string;
  readonly memberId: string;
}

export function newLbIds(): LbIds {
  return { lbId: randomUUID(), listenerId: randomUUID(), poolId: randomUUID(), memberId: randomUUID() };
}

/** A minimal valid haproxy.cfg: one HTTP frontend (named by the listener id) to one loopback member. */
export function haproxyConfig(ids: LbIds, frontendPort: number, backendPort: number, marker = 'v1'): string {
  return [
    'global',
    '    maxconn 2000',
    `    stats socket unix@${agentLayout.statsSocketName} mode 600 level admin`,
    'defaults',
    '    mode http',
    '    timeout connect 5s',
    '    timeout client 30s',
    '    timeout server 30s',
    `frontend ${ids.listenerId}`,
    `    bind 127.0.0.1:${frontendPort}`,
    `    http-response set-header X-Config ${marker}`,
    `    default_backend ${ids.poolId}:${ids.listenerId}`,
    `backend ${ids.poolId}:${ids.listenerId}`,
    `    server ${ids.memberId} 127.0.0.1:${backendPort}`,
    '',
  ].join('\n');
}

export async function recordedPids(basePath: string, lbId: string): Promise<number[]> {
  const dir = agentLayout.lbDir(basePath, lbId);
  const read = (f: string) => readFile(join(dir, f), 'utf8').catch(() => '');
  const text = `${await read('haproxy.pid')}\n${await read('workers.pid')}`;
  return text
    .split(/\s+/)
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 1);
}

export const alivePids = (pids: readonly number[]) => pids.filter((p) => isAlive(p));

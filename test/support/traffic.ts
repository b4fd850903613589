// Client side of the data-plane tests: bounded request loops through a VIP that count which backend answered, with
// a chosen local source address (127.0.0.2 vs 127.0.0.3 for allowed_cidrs and SOURCE_IP), plus raw TCP/TLS clients
// and a backend that counts its concurrent connections (for LEAST_CONNECTIONS and connection_limit). Every request
// opens its own connection (no keep-alive), so each one is balanced on its own and a reload cannot strand it on an
// idle connection the old HAProxy worker closes. Also the API side those tests share: a load balancer created as one
// graph (createServingLb), updates waited to ACTIVE, and where an amphora keeps a load balancer's files and stats.
import assert from 'node:assert/strict';
import { request, type IncomingHttpHeaders } from 'node:http';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { connect as tlsConnect, type PeerCertificate } from 'node:tls';
import { join } from 'node:path';
import { readHaproxyStatRows, type StatRow } from '../../src/amphora-agent/process/stats.js';
import { STATS_SOCKET_FILE } from '../../src/contracts/haproxy-files.js';
import type { TestApi } from './api-harness.js';
import { LB, VIP_SUBNET } from './fixtures.js';

export interface Reply {
  readonly status: number;
  /** the body, trimmed: the backends answer their name */
  readonly body: string;
  readonly headers: IncomingHttpHeaders;
}

export interface RequestOptions {
  /** source address of the client's connection (any 127.0.0.0/8 address) */
  readonly localAddress?: string;
  readonly headers?: Record<string, string>;
  readonly timeoutMs?: number;
}

/** One GET on a fresh connection. Rejects on connection errors and timeouts, resolves on any HTTP status. */
export function httpGet(url: string, opts: RequestOptions = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'GET',
        agent: false,
        headers: { connection: 'close', ...(opts.headers ?? {}) },
        ...(opts.localAddress ? { localAddress: opts.localAddress } : {}),
        timeout: opts.timeoutMs ?? 5000,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: body.trim(), headers: res.headers }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`GET ${url}: no answer within ${opts.timeoutMs ?? 5000} ms`)));
    req.on('error', reject);
    req.end();
  });
}

export interface Tally {
  /** answers per backend name (2xx only) */
  readonly counts: Record<string, number>;
  readonly requests: number;
  /** connection errors, timeouts and non-2xx answers */
  readonly failures: number;
  /** the first few failure descriptions, for assertion messages */
  readonly errors: string[];
  readonly elapsedMs: number;
}

export interface LoopOptions extends RequestOptions {
  /** total requests (the loop stops at whichever bound comes first) */
  readonly count: number;
  /** concurrent request loops */
  readonly concurrency?: number;
  /** hard bound on the loop's duration */
  readonly maxMs?: number;
  /** when given, the loop also stops once this returns true (checked between requests) */
  readonly until?: () => boolean;
}

class Counter {
  readonly counts: Record<string, number> = {};
  requests = 0;
  failures = 0;
  readonly errors: string[] = [];

  ok(name: string): void {
    this.requests++;
    this.counts[name] = (this.counts[name] ?? 0) + 1;
  }

  fail(why: string): void {
    this.requests++;
    this.failures++;
    if (this.errors.length < 10) this.errors.push(why);
  }
}

async function one(url: string, opts: RequestOptions, counter: Counter): Promise<void> {
  try {
    const reply = await httpGet(url, opts);
    if (reply.status >= 200 && reply.status < 300) counter.ok(reply.body);
    else counter.fail(`HTTP ${reply.status}: ${reply.body.slice(0, 200)}`);
  } catch (err) {
    counter.fail((err as Error).message);
  }
}

/** Sends `count` GETs (bounded by maxMs) and counts the answers per backend name. */
export async function tally(url: string, opts: LoopOptions): Promise<Tally> {
  const counter = new Counter();
  const started = performance.now();
  const deadline = started + (opts.maxMs ?? 30_000);
  let issued = 0;
  const loop = async (): Promise<void> => {
    while (issued < opts.count && performance.now() < deadline && !(opts.until?.() ?? false)) {
      issued++;
      await one(url, opts, counter);
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency ?? 1 }, loop));
  return { ...counter, counts: { ...counter.counts }, errors: [...counter.errors], elapsedMs: performance.now() - started };
}

export interface RunningLoad {
  /** whether the loops ended on their own (count or maxMs reached) before stop() */
  readonly ended: () => boolean;
  /** stops issuing requests, waits for those in flight and returns the tally */
  stop(): Promise<Tally>;
}

/** A load generator running in the background until stop() or its bounds (count, maxMs). */
export function startLoad(url: string, opts: LoopOptions): RunningLoad {
  let stopped = false;
  let ended = false;
  const result = tally(url, { ...opts, until: () => stopped || (opts.until?.() ?? false) }).finally(() => {
    if (!stopped) ended = true;
  });
  return {
    ended: () => ended,
    async stop() {
      stopped = true;
      return result;
    },
  };
}

/** Reads a TCP connection to its end (TCP listeners in front of backends that write their name and close). */
export function tcpRead(host: string, port: number, opts: { localAddress?: string; send?: string; timeoutMs?: number } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, ...(opts.localAddress ? { localAddress: opts.localAddress } : {}) });
    let data = '';
    socket.setEncoding('utf8');
    socket.setTimeout(opts.timeoutMs ?? 5000, () => socket.destroy(new Error(`tcp ${host}:${port}: timed out`)));
    socket.on('connect', () => {
      if (opts.send !== undefined) socket.write(opts.send);
    });
    socket.on('data', (chunk: string) => (data += chunk));
    socket.on('end', () => resolve(data));
    socket.on('error', reject);
  });
}

/** A source address and port a client connection is bound to (SOURCE_IP_PORT). */
export interface SourcePort {
  readonly address: string;
  readonly port: number;
}

/**
 * `count` ports from `from` upwards (below the ephemeral range) that `address` can bind now: a port some process
 * listens on for every address would refuse the bind. Only loopback addresses.
 */
export async function freeSourcePorts(address: string, count: number, from = 21000): Promise<SourcePort[]> {
  const ports: SourcePort[] = [];
  for (let port = from; ports.length < count; port++) {
    if (port > 32767) throw new Error(`not ${count} free source ports on ${address} from ${from}`);
    const free = await new Promise<boolean>((resolve) => {
      const probe = createServer();
      probe.once('error', () => resolve(false));
      probe.listen(port, address, () => probe.close(() => resolve(true)));
    });
    if (free) ports.push({ address, port });
  }
  return ports;
}

function exchangeOnce(host: string, port: number, source: SourcePort, send: string | undefined): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, localAddress: source.address, localPort: source.port });
    let data = '';
    socket.setEncoding('utf8');
    socket.setTimeout(5000, () => socket.destroy(new Error(`tcp ${host}:${port} from ${source.address}:${source.port}: timed out`)));
    socket.on('connect', () => {
      if (send !== undefined) socket.write(send);
    });
    socket.on('data', (chunk: string) => (data += chunk));
    socket.on('error', reject);
    // not at 'end': the socket is still in CLOSE_WAIT then, and a connect from the same port would fail
    socket.on('close', (hadError) => {
      if (!hadError) resolve(data);
    });
  });
}

/**
 * One exchange on a new connection from a chosen source address and port; resolves with what came back once the
 * connection is closed. The far side must close first (an HTTP/1.0 request without keep-alive, a TCP backend that
 * writes and closes): this client then closes passively, never holds the port in TIME_WAIT, and the next exchange
 * can bind the same port. A connect that still meets the previous connection while its last ACK is under way
 * (EADDRNOTAVAIL, EADDRINUSE) is retried.
 */
export async function readFromSourcePort(host: string, port: number, source: SourcePort, send?: string): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await exchangeOnce(host, port, source, send);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (attempt >= 20 || (code !== 'EADDRINUSE' && code !== 'EADDRNOTAVAIL')) throw err;
      sourcePortRetries++;
      await new Promise((r) => setTimeout(r, 25 * attempt));
    }
  }
}

let sourcePortRetries = 0;
/** how many connects readFromSourcePort retried so far (for the test's report) */
export const sourcePortRetryCount = (): number => sourcePortRetries;

/** A TLS GET through a passthrough listener: what the backend answered and the certificate it presented. */
export function tlsGet(host: string, port: number, opts: { servername?: string; timeoutMs?: number } = {}): Promise<{ body: string; peer: PeerCertificate }> {
  return new Promise((resolve, reject) => {
    // the backends' certificates are self-signed on purpose; the test compares the fingerprint instead
    const socket = tlsConnect({ host, port, rejectUnauthorized: false, servername: opts.servername ?? 'backend.test' });
    let data = '';
    let peer: PeerCertificate | null = null;
    socket.setEncoding('utf8');
    socket.setTimeout(opts.timeoutMs ?? 5000, () => socket.destroy(new Error(`tls ${host}:${port}: timed out`)));
    socket.on('secureConnect', () => {
      peer = socket.getPeerCertificate();
      socket.write(`GET / HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
    });
    socket.on('data', (chunk: string) => (data += chunk));
    socket.on('end', () => {
      if (!peer) return reject(new Error('no peer certificate'));
      const body = data.split('\r\n\r\n').slice(1).join('\r\n\r\n').trim();
      resolve({ body, peer });
    });
    socket.on('error', reject);
  });
}

export interface HeldConnection {
  /** sends an HTTP/1.0 GET on the held connection and resolves with the answer's body (who held it) */
  finish(): Promise<string>;
  close(): void;
  readonly socket: Socket;
}

/**
 * Opens a TCP connection to a TCP listener and sends nothing: HAProxy has connected it to a member, which keeps it
 * open until the client speaks. `finish()` then asks that member for its name.
 */
export function holdConnection(host: string, port: number): Promise<HeldConnection> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    let data = '';
    let ended: ((body: string) => void) | null = null;
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (data += chunk));
    socket.on('end', () => ended?.(data.split('\r\n\r\n').slice(1).join('').trim()));
    socket.once('error', reject);
    socket.once('connect', () =>
      resolve({
        socket,
        finish: () =>
          new Promise((done, fail) => {
            ended = done;
            socket.once('error', fail);
            socket.setTimeout(5000, () => socket.destroy(new Error('held connection: no answer')));
            socket.write('GET / HTTP/1.0\r\n\r\n');
          }),
        close: () => socket.destroy(),
      }),
    );
  });
}

export interface CountingBackend {
  readonly name: string;
  readonly host: string;
  readonly port: number;
  /** connections open right now, and the most ever open at once */
  readonly current: () => number;
  readonly peak: () => number;
  /** requests answered */
  readonly answered: () => number;
  stop(): Promise<void>;
}

/**
 * A plain-TCP backend that counts concurrent connections and answers an HTTP request with its name, only once the
 * request arrived: a connection that sends nothing stays open and counted (held).
 */
export function startCountingBackend(name: string, host = '127.0.0.1'): Promise<CountingBackend> {
  let current = 0;
  let peak = 0;
  let answered = 0;
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    current++;
    peak = Math.max(peak, current);
    // a connection stops counting at the peer's FIN: Node emits 'close' only in a later loop phase, after it may
    // already have accepted the connection HAProxy opened once this one was done
    let counted = true;
    const release = () => {
      if (counted) current--;
      counted = false;
    };
    socket.once('end', release);
    socket.once('close', () => {
      sockets.delete(socket);
      release();
    });
    socket.on('error', () => undefined);
    let buffered = '';
    socket.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('latin1');
      if (!buffered.includes('\r\n\r\n')) return;
      answered++;
      const body = `${name}\n`;
      socket.end(`HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => {
      const port = (server.address() as AddressInfo).port;
      resolve({
        name,
        host,
        port,
        current: () => current,
        peak: () => peak,
        answered: () => answered,
        stop: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

/** Polls `probe` every intervalMs until it returns a truthy value; rejects after timeoutMs with `what`. */
export async function eventually<T>(what: string, probe: () => Promise<T> | T, timeoutMs = 20_000, intervalMs = 100): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (err) {
      last = err;
    }
    if (performance.now() > deadline) {
      throw new Error(`${what}: not within ${timeoutMs} ms${last ? ` (last error: ${(last as Error).message})` : ''}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** What a data-plane test needs of a load balancer created as one graph (LB + one listener + its default pool). */
export interface ServingLb {
  readonly id: string;
  readonly vip: string;
  readonly listenerId: string;
  readonly poolId: string;
  /** member ids by "<address>:<port>" */
  readonly memberIds: Map<string, string>;
  /** http://<vip>:<port>/ */
  readonly url: string;
  readonly port: number;
}

/**
 * POSTs a load balancer with one listener (whose default_pool carries members and health monitor) as a single
 * graph, waits for ACTIVE and returns the ids a test refers to.
 */
export async function createServingLb(api: TestApi, listener: Record<string, unknown> & { protocol_port: number }): Promise<ServingLb> {
  // Octavia: pools in a fully populated load balancer must be named
  const pool = listener.default_pool as Record<string, unknown> | undefined;
  const named = pool ? { ...listener, default_pool: { name: `pool-${listener.protocol_port}`, ...pool } } : listener;
  const res = await api.post(LB, { loadbalancer: { vip_subnet_id: VIP_SUBNET, listeners: [named] } });
  assert.equal(res.status, 201, res.text);
  const lb = res.body.loadbalancer;
  await settled(api, lb.id);
  const listenerId: string = lb.listeners[0].id;
  const poolId: string = lb.pools[0].id;
  const members = await api.get(`/v2/lbaas/pools/${poolId}/members`);
  assert.equal(members.status, 200, members.text);
  const memberIds = new Map<string, string>(members.body.members.map((m: any) => [`${m.address}:${m.protocol_port}`, m.id]));
  return { id: lb.id, vip: lb.vip_address, listenerId, poolId, memberIds, url: `http://${lb.vip_address}:${listener.protocol_port}/`, port: listener.protocol_port };
}

/** Waits until the load balancer leaves PENDING_*; fails with the worker's job errors when it went to ERROR. */
export async function settled(api: TestApi, lbId: string): Promise<void> {
  const body = await api.waitFor(`${LB}/${lbId}`, (b) => !String(b.loadbalancer?.provisioning_status).startsWith('PENDING_'), 30_000);
  const status = body.loadbalancer.provisioning_status;
  if (status === 'ACTIVE') return;
  const jobs = await api.runtime.database.db.selectFrom('job').select(['flow', 'state', 'error']).where('error', 'is not', null).execute();
  assert.fail(`load balancer ${lbId} is ${status}; failed jobs: ${JSON.stringify(jobs)}`);
}

/** PUTs an update and waits until the load balancer is ACTIVE again. */
export async function updateAndWait(api: TestApi, lbId: string, path: string, body: unknown): Promise<void> {
  const res = await api.put(path, body);
  assert.equal(res.status, 200, `PUT ${path}: ${res.text}`);
  await settled(api, lbId);
}

/** A member body for one backend. */
export function memberOf(backend: { host: string; port: number; name?: string }, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { address: backend.host, protocol_port: backend.port, ...(backend.name ? { name: backend.name } : {}), ...extra };
}

/** Where the amphora of a load balancer keeps it: the compute instance's directory and the load balancer's own. */
export async function amphoraOf(api: TestApi & { stateDir: string }, lbId: string): Promise<{ id: string; computeId: string; lbNetworkIp: string; dir: string; lbDir: string }> {
  const amp = await api.runtime.database.db
    .selectFrom('amphora')
    .select(['id', 'compute_id', 'lb_network_ip'])
    .where('load_balancer_id', '=', lbId)
    .where('status', '!=', 'DELETED')
    .executeTakeFirstOrThrow();
  const dir = join(api.stateDir, 'amphorae', amp.compute_id as string);
  return { id: amp.id, computeId: amp.compute_id as string, lbNetworkIp: amp.lb_network_ip as string, dir, lbDir: join(dir, 'state', 'lb', lbId) };
}

/** HAProxy's own `show stat` row of one member (server name = member id), read from the amphora's stats socket. */
export async function memberStat(lbDir: string, memberId: string): Promise<StatRow> {
  const rows = await readHaproxyStatRows(join(lbDir, STATS_SOCKET_FILE));
  const row = rows.find((r) => r.svname === memberId);
  if (!row) throw new Error(`no server ${memberId} in show stat`);
  return row;
}

// Raw TCP and TLS clients of a VIP for the data-plane tests: read what a TCP listener's member writes, exchange from
// a fixed source address and port (SOURCE_IP_PORT), a TLS GET through a passthrough listener (with the certificate the
// backend presented), and a connection held open so a member stays busy (LEAST_CONNECTIONS, connection_limit).
import { connect, createServer, type Socket } from 'node:net';
import { connect as tlsConnect, type PeerCertificate } from 'node:tls';

/** Reads a TCP connection to its end (TCP listeners in front of backends that write their name and close). */
export function tcpRead(
  host: string,
  port: number,
  opts: { localAddress?: string; send?: string; timeoutMs?: number } = {},
): Promise<string> {
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
export function tlsGet(
  host: string,
  port: number,
  opts: { servername?: string; timeoutMs?: number } = {},
): Promise<{ body: string; peer: PeerCertificate }> {
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

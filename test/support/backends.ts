// Real backend servers on loopback for data-plane tests: each answers with its own name, so a test can tell which
// member served a request, and records what it saw (PROXY protocol header, X-Forwarded-* headers).
import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';

export interface Backend {
  readonly name: string;
  readonly host: string;
  port: number;
  /** requests (HTTP) or connections (TCP) served */
  hits: number;
  /** request headers of the last HTTP request */
  lastHeaders: IncomingMessage['headers'] | null;
  /** the PROXY protocol line (v1) or "v2 <source>" of the last connection, when the backend expects one */
  lastProxy: string | null;
  /** stops listening and drops open connections; `start()` listens again on the same port */
  stop(): Promise<void>;
  start(): Promise<void>;
}

export interface BackendOptions {
  host?: string;
  port?: number;
  /** HTTPS with this key/cert (for HTTPS passthrough pools) */
  tls?: { key: string; cert: string };
  /** plain TCP: write the name and close (TCP listeners) */
  tcp?: boolean;
  /** expect a PROXY protocol header (v1 or v2) before the HTTP request */
  proxyProtocol?: boolean;
}

export async function startBackend(name: string, opts: BackendOptions = {}): Promise<Backend> {
  const host = opts.host ?? '127.0.0.1';
  const sockets = new Set<Socket>();
  const backend: Backend = {
    name,
    host,
    port: opts.port ?? 0,
    hits: 0,
    lastHeaders: null,
    lastProxy: null,
    stop: async () => {},
    start: async () => {},
  };

  const onHttp = (req: IncomingMessage, res: import('node:http').ServerResponse) => {
    backend.hits++;
    backend.lastHeaders = req.headers;
    req.resume();
    const body = `${name}\n`;
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(body), 'set-cookie': `APPSESSION=${name}` });
    res.end(body);
  };

  let server: Server | import('node:net').Server;
  if (opts.tcp) {
    server = createTcpServer((socket) => {
      backend.hits++;
      socket.end(`${name}\n`);
    });
  } else if (opts.tls) {
    server = createHttpsServer({ key: opts.tls.key, cert: opts.tls.cert }, onHttp);
  } else if (opts.proxyProtocol) {
    // parse the PROXY header ourselves, then hand the rest of the stream to an HTTP server
    const http = createHttpServer({ keepAlive: false }, onHttp);
    server = createTcpServer((socket) => {
      socket.once('data', (chunk: Buffer) => {
        const { header, rest } = splitProxyHeader(chunk);
        backend.lastProxy = header;
        if (header === null) {
          socket.destroy();
          return;
        }
        socket.pause();
        http.emit('connection', socket);
        if (rest.length > 0) socket.unshift(rest);
        socket.resume();
      });
    });
  } else {
    server = createHttpServer(onHttp);
  }
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });

  backend.start = () =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(backend.port, host, () => {
        backend.port = (server.address() as AddressInfo).port;
        server.off('error', reject);
        resolve();
      });
    });
  backend.stop = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  await backend.start();
  return backend;
}

const V2_SIGNATURE = Buffer.from([0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a]);

/** Splits a PROXY v1 ("PROXY TCP4 ...\r\n") or v2 (binary) header from the first chunk of a connection. */
function splitProxyHeader(chunk: Buffer): { header: string | null; rest: Buffer } {
  if (chunk.subarray(0, 6).toString('latin1') === 'PROXY ') {
    const end = chunk.indexOf('\r\n');
    if (end < 0) return { header: null, rest: chunk };
    return { header: chunk.subarray(0, end).toString('latin1'), rest: chunk.subarray(end + 2) };
  }
  if (chunk.length >= 16 && chunk.subarray(0, 12).equals(V2_SIGNATURE)) {
    const length = chunk.readUInt16BE(14);
    const family = chunk[13]! >> 4;
    // IPv4: source address is the first 4 bytes of the address block
    const source = family === 1 ? [...chunk.subarray(16, 20)].join('.') : 'non-ipv4';
    return { header: `v2 ${source}`, rest: chunk.subarray(16 + length) };
  }
  return { header: null, rest: chunk };
}

// The tests' HTTP client for what fetch() does not do: a GET through a VIP on a fresh connection from a chosen
// loopback source address (127.0.0.2 vs 127.0.0.3 for allowed_cidrs and SOURCE_IP), and one HTTP/1.1 exchange written
// byte for byte for requests fetch() refuses to send (bad Content-Length, over-long request lines, NUL bytes). Every
// GET opens its own connection (no keep-alive), so each one is balanced on its own and a reload cannot strand it on an
// idle connection the old HAProxy worker closes.
import { request, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';

export interface Reply {
  readonly status: number;
  /** the body, trimmed: the backends answer their name */
  readonly body: string;
  /** the body as it came */
  readonly text: string;
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
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: body.trim(), text: body, headers: res.headers }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`GET ${url}: no answer within ${opts.timeoutMs ?? 5000} ms`)));
    req.on('error', reject);
    req.end();
  });
}

export interface RawResponse {
  status: number;
  /** header names lowercased */
  headers: Record<string, string>;
  text: string;
  /** parsed JSON body, or undefined */
  body: any;
}

function parse(raw: string): RawResponse | null {
  const end = raw.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const [statusLine = '', ...lines] = raw.slice(0, end).split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const length = Number(headers['content-length'] ?? NaN);
  const text = raw.slice(end + 4);
  if (Number.isFinite(length) && Buffer.byteLength(text) < length) return null;
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return { status: Number(statusLine.split(' ')[1]), headers, text, body };
}

/**
 * Writes `request` in one write to the API at `baseUrl` and resolves with the first complete response. `end`: close
 * our sending side right after (a body that stops short of its Content-Length).
 */
export function rawExchange(baseUrl: string, request: string | Buffer, opts: { end?: boolean } = {}): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let received = '';
    let done = false;
    const finish = () => {
      if (done) return;
      const res = parse(received);
      if (!res) return;
      done = true;
      socket.destroy();
      resolve(res);
    };
    socket.on('data', (chunk) => {
      received += chunk.toString('utf8');
      finish();
    });
    socket.on('error', () => {
      // the server may reset after answering; what it sent is judged on close
    });
    socket.on('close', () => {
      finish();
      if (!done) reject(new Error(`connection closed without a complete response: ${JSON.stringify(received)}`));
    });
    socket.write(request);
    if (opts.end) socket.end();
  });
}

// One HTTP/1.1 exchange written byte for byte on a loopback socket, for requests fetch() refuses to send (bad
// Content-Length, over-long request lines, NUL bytes): the answer up to the server closing or a complete response.
import { connect } from 'node:net';

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

// Raw HTTP for the fuzz suite: the path goes on the wire exactly as generated (fetch would normalise it), any header
// may be sent, and a server that closes early on an oversized body is told apart from one that never answered.
import { request } from 'node:http';

export interface RawRequest {
  readonly method: string;
  /** path and query, sent as is */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Buffer;
}

export interface RawResponse {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
}

const TIMEOUT_MS = 60_000;

export function send(origin: URL, req: RawRequest): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...req.headers };
    if (req.body !== undefined) headers['content-length'] = String(req.body.length);
    const r = request(
      { host: origin.hostname, port: origin.port, method: req.method, path: req.path, headers, timeout: TIMEOUT_MS, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            contentType: String(res.headers['content-type'] ?? ''),
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    r.on('timeout', () => r.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)));
    // The server may answer (413) and close while a large body is still being written: the answer counts, the
    // write error does not (without an answer, 'close' rejects).
    r.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE' && err.code !== 'ECONNRESET') reject(err);
    });
    let answered = false;
    r.once('response', () => (answered = true));
    r.on('close', () => {
      if (!answered) reject(new Error('connection closed without an answer'));
    });
    if (req.body !== undefined) r.write(req.body);
    r.end();
  });
}

// A backend that counts its concurrent connections, for LEAST_CONNECTIONS and connection_limit.
import { createServer, type AddressInfo, type Socket } from 'node:net';

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

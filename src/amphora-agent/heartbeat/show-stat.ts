// One `show stat` over a HAProxy stats socket (a UNIX socket under the load balancer's directory).
import { connect } from 'node:net';

const TIMEOUT_MS = 1000;

export function showStat(socketPath: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(socketPath);
    let text = '';
    socket.setTimeout(TIMEOUT_MS, () => socket.destroy(new Error(`no answer from ${socketPath} within ${TIMEOUT_MS} ms`)));
    socket.on('connect', () => socket.end('show stat\n'));
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
    });
    socket.on('end', () => resolve(text));
    socket.on('error', reject);
  });
}

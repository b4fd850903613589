// One command over a HAProxy Unix socket (stats socket or master CLI), answer read until the peer closes.
import { closeSync, openSync, constants as fsConstants } from 'node:fs';
import { connect } from 'node:net';
import { basename, dirname } from 'node:path';

/** sun_path holds 108 bytes including the terminating NUL. */
export const MAX_SOCKET_PATH = 107;

/**
 * Sends `command` and resolves with everything the socket answered. Paths too long for a socket address are
 * reached through /proc/self/fd/<fd of their directory>/<name>, which the kernel resolves like any path.
 */
export function socketCommand(path: string, command: string, timeoutMs = 5000): Promise<string> {
  let dirFd: number | null = null;
  let target = path;
  if (Buffer.byteLength(path) > MAX_SOCKET_PATH) {
    dirFd = openSync(dirname(path), fsConstants.O_RDONLY | fsConstants.O_DIRECTORY);
    target = `/proc/self/fd/${dirFd}/${basename(path)}`;
  }
  return new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(target);
    const release = () => {
      if (dirFd !== null) closeSync(dirFd);
      dirFd = null;
    };
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no complete answer from ${path} within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once('connect', () => {
      release();
      socket.write(`${command}\n`); // the stats socket closes after one answer; master CLI commands end with ;quit
    });
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.once('error', (err) => {
      clearTimeout(timer);
      release();
      reject(err);
    });
    socket.once('close', () => {
      clearTimeout(timer);
      release();
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
  });
}

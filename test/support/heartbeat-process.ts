// A synthetic amphora in its own process: signed version 3 heartbeats (seq + fresh ts, as our agent sends them) to one
// UDP port on 127.0.0.1 every intervalMs until stopped or durationMs passed. Its own process, so that its sends are
// not timed by the receiver's event loop (a sender in the health manager's process only sends while that loop runs,
// which is exactly when the socket buffer has room). Prints one JSON line {sent} when done.
// Run: `node --import tsx test/support/heartbeat-process.ts <port> <key> <intervalMs> <durationMs> <body-json>`
import { createSocket } from 'node:dgram';
import { encodeHeartbeat } from '../../src/contracts/heartbeat.js';
import { isMainModule, type JsonChild, spawnJsonChild } from './json-child.js';

export type HeartbeatProcess = JsonChild<{ sent: number }>;

/** `body`: the heartbeat without seq and ts, which the process adds to each one */
export function startHeartbeatProcess(opts: {
  port: number;
  key: string;
  intervalMs: number;
  durationMs: number;
  body: object;
}): HeartbeatProcess {
  const args = [String(opts.port), opts.key, String(opts.intervalMs), String(opts.durationMs), JSON.stringify(opts.body)];
  return spawnJsonChild<{ sent: number }>('test/support/heartbeat-process.ts', args);
}

async function run(port: number, key: string, intervalMs: number, durationMs: number, body: object): Promise<void> {
  const socket = createSocket('udp4');
  socket.on('error', () => undefined);
  let sent = 0;
  const start = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const finish = () => {
    if (timer) clearInterval(timer);
    socket.close();
    process.stdout.write(`${JSON.stringify({ sent })}\n`);
  };
  process.once('SIGTERM', finish);
  const beat = () => {
    if (Date.now() - start >= durationMs) {
      process.removeListener('SIGTERM', finish);
      finish();
      return;
    }
    socket.send(encodeHeartbeat({ ...body, seq: sent, ts: Date.now() }, key), port, '127.0.0.1');
    sent++;
  };
  beat();
  timer = setInterval(beat, intervalMs);
}

if (isMainModule(import.meta.url)) {
  const [port, key, intervalMs, durationMs, body] = process.argv.slice(2);
  await run(Number(port), key as string, Number(intervalMs), Number(durationMs), JSON.parse(body as string) as object);
}

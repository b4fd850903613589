// A flood of junk datagrams from a separate process, as fast as this machine's loopback takes them, to one UDP port
// on 127.0.0.1, bounded in count and in time. Used by the health manager's flood test and bench/heartbeat-flood.ts.
//   random: 65,507 random bytes each (the largest IPv4 datagram), first byte never a zlib header
//   forged: the same with a zlib header and a lowercase-hex tail, so every one costs the receiver an HMAC: the most
//           work a sender without heartbeat_key can cause
// Run as a child: `node --import tsx test/support/junk-flood.ts <port> <kind> <durationMs> <maxDatagrams>`; it prints
// {"started":true} when its first datagram goes out and one JSON line {sent, errors, elapsedMs} when done.
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { isMainModule, type JsonChild, spawnJsonChild } from './json-child.js';

export type JunkKind = 'random' | 'forged';
export const JUNK_DATAGRAM_BYTES = 65_507;

export interface FloodResult {
  readonly sent: number;
  readonly errors: number;
  readonly elapsedMs: number;
}

export type Flood = JsonChild<FloodResult>;

export function startJunkFlood(opts: { port: number; kind: JunkKind; durationMs: number; maxDatagrams: number }): Flood {
  return spawnJsonChild<FloodResult>('test/support/junk-flood.ts', [
    String(opts.port),
    opts.kind,
    String(opts.durationMs),
    String(opts.maxDatagrams),
  ]);
}

export function junkDatagrams(kind: JunkKind, count: number): Buffer[] {
  return Array.from({ length: count }, () => {
    const d = randomBytes(JUNK_DATAGRAM_BYTES);
    if (kind === 'forged') {
      d[0] = 0x78;
      d[1] = 0xda; // zlib.compress level 9
      d.write(randomBytes(32).toString('hex'), JUNK_DATAGRAM_BYTES - 64, 'ascii');
    } else if ((d[0]! & 0x0f) === 8) {
      d[0] = 0x00; // random means rejected at the header: keep the 1-in-2000 header out of the measurement
    }
    return d;
  });
}

async function flood(port: number, kind: JunkKind, durationMs: number, maxDatagrams: number): Promise<FloodResult> {
  const datagrams = junkDatagrams(kind, 16);
  const socket = createSocket({ type: 'udp4', sendBufferSize: 4 * 1024 * 1024 });
  socket.on('error', () => undefined);
  await new Promise<void>((r) => socket.connect(port, '127.0.0.1', r));
  process.stdout.write('{"started":true}\n');
  const start = Date.now();
  let sent = 0;
  let errors = 0;
  let issued = 0;
  let inFlight = 0;
  // a bounded number of sends in flight: the loop runs as fast as the kernel takes datagrams, memory stays flat
  await new Promise<void>((resolveFlood) => {
    const more = () => issued < maxDatagrams && Date.now() - start < durationMs;
    const onSent = (err: Error | null) => {
      inFlight--;
      if (err) errors++;
      else sent++;
      pump();
    };
    const pump = () => {
      while (inFlight < 64 && more()) {
        inFlight++;
        socket.send(datagrams[issued++ % datagrams.length] as Buffer, onSent);
      }
      if (inFlight === 0 && !more()) resolveFlood();
    };
    pump();
  });
  socket.close();
  return { sent, errors, elapsedMs: Date.now() - start };
}

if (isMainModule(import.meta.url)) {
  const [port, kind, durationMs, maxDatagrams] = process.argv.slice(2);
  const result = await flood(Number(port), kind as JunkKind, Number(durationMs), Number(maxDatagrams));
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

// The amphora's health sender (Octavia's health daemon): every heartbeat_interval, one signed datagram built from
// every load balancer's HAProxy statistics, to the next address of controller_ip_port_list (round robin). A
// controller that does not answer changes nothing: UDP send errors are ignored and the next beat goes out anyway.
import { createSocket, type Socket } from 'node:dgram';
import { isIP } from 'node:net';
import type { Logger } from 'pino';
import { encodeHeartbeat } from '../../contracts/heartbeat.js';
import { buildHeartbeat, type CounterMemory } from './message.js';
import { socketCommand } from '../process/unix-socket.js';
import { parseShowStat, type StatRow } from './stat-csv.js';
import { HeartbeatClock } from './timestamp.js';

export interface HeartbeatSettings {
  readonly amphoraId: string;
  /** read before every beat: PUT /1.0/config may change them */
  current(): { key: string | null; destinations: readonly string[]; intervalS: number };
  /** stats sockets of the load balancers this amphora serves now */
  statsSockets(): readonly string[];
  readonly log: Logger;
  /** wall clock for the signed ts (tests step it back); default Date.now */
  readonly wallClock?: () => number;
}

function parseDestination(entry: string): { host: string; port: number } | null {
  const m = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(entry.trim());
  if (!m || !isIP(m[1]!)) return null;
  const port = Number(m[2]);
  return port > 0 && port < 65536 ? { host: m[1]!, port } : null;
}

export class HeartbeatSender {
  private seq = 0;
  private readonly clock: HeartbeatClock;
  private memory: CounterMemory = {};
  private next = 0;
  private timer: NodeJS.Timeout | null = null;
  private readonly sockets: { udp4: Socket; udp6: Socket };
  private stopped = false;

  constructor(private readonly settings: HeartbeatSettings) {
    this.clock = new HeartbeatClock(settings.wallClock);
    const quiet = () => undefined;
    this.sockets = { udp4: createSocket('udp4').on('error', quiet), udp6: createSocket('udp6').on('error', quiet) };
  }

  start(): void {
    this.schedule(0);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.sockets.udp4.close();
    this.sockets.udp6.close();
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.beat().finally(() => this.schedule(Math.max(0.1, this.settings.current().intervalS) * 1000));
    }, delayMs);
  }

  /** Builds and sends one heartbeat; exported behaviour for tests through start(). */
  private async beat(): Promise<void> {
    const { key, destinations } = this.settings.current();
    if (!key || destinations.length === 0) return;
    const rows: StatRow[] = [];
    for (const socket of this.settings.statsSockets()) {
      try {
        rows.push(...parseShowStat(await socketCommand(socket, 'show stat', 1000)));
      } catch {
        // a HAProxy being (re)started: its listeners are missing from this beat, as in Octavia
      }
    }
    // taken after the stats are read: ts is as close to the send as it can be, so the freshness window has all of it
    const { body, memory } = buildHeartbeat(this.settings.amphoraId, this.seq, this.clock.next(), rows, this.memory);
    const entry = destinations[this.next++ % destinations.length]!;
    const dest = parseDestination(entry);
    if (!dest) {
      this.settings.log.warn({ destination: entry }, 'ignoring a malformed controller_ip_port_list entry');
      return;
    }
    const datagram = encodeHeartbeat(body, key);
    const socket = isIP(dest.host) === 6 ? this.sockets.udp6 : this.sockets.udp4;
    await new Promise<void>((resolve) => socket.send(datagram, dest.port, dest.host, () => resolve()));
    // counters advance only once a beat carrying them has gone out
    this.seq++;
    this.memory = memory;
  }
}

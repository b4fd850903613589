// Heartbeats are written in batches; several heartbeats of one amphora in a batch become one: its latest message
// decides the statuses, and its listener statistics are accumulated (version ≥ 3 deltas add up, older absolute
// values replace, active connections are always the latest).
import type { HeartbeatMessage } from '../contracts/heartbeat.js';

export interface ReceivedHeartbeat {
  readonly message: HeartbeatMessage;
  /** epoch ms when the datagram arrived (Octavia's recv_time) */
  readonly receivedAt: number;
}

export interface ListenerStatsUpdate {
  /** 'add': values are deltas over the stored row; 'replace': absolute values */
  readonly mode: 'add' | 'replace';
  readonly bytesIn: number;
  readonly bytesOut: number;
  readonly activeConnections: number;
  readonly totalConnections: number;
  readonly requestErrors: number;
}

export interface AmphoraBatch {
  readonly amphoraId: string;
  /** the last one received */
  readonly latest: HeartbeatMessage;
  readonly count: number;
  readonly stats: Map<string, ListenerStatsUpdate>;
}

export function mergeHeartbeats(heartbeats: readonly ReceivedHeartbeat[]): Map<string, AmphoraBatch> {
  const out = new Map<string, { amphoraId: string; latest: HeartbeatMessage; count: number; stats: Map<string, ListenerStatsUpdate> }>();
  for (const { message } of heartbeats) {
    let entry = out.get(message.id);
    if (!entry) out.set(message.id, (entry = { amphoraId: message.id, latest: message, count: 0, stats: new Map() }));
    entry.latest = message;
    entry.count++;
    const deltas = message.ver >= 3;
    for (const [listenerId, listener] of Object.entries(message.listeners)) {
      const s = listener.stats;
      const previous = entry.stats.get(listenerId);
      if (deltas && previous) {
        entry.stats.set(listenerId, {
          mode: previous.mode,
          bytesIn: previous.bytesIn + s.rx,
          bytesOut: previous.bytesOut + s.tx,
          activeConnections: s.conns,
          totalConnections: previous.totalConnections + s.totconns,
          requestErrors: previous.requestErrors + s.ereq,
        });
      } else {
        entry.stats.set(listenerId, {
          mode: deltas ? 'add' : 'replace',
          bytesIn: s.rx,
          bytesOut: s.tx,
          activeConnections: s.conns,
          totalConnections: s.totconns,
          requestErrors: s.ereq,
        });
      }
    }
  }
  return out;
}

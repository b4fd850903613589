// HAProxy statistics (`show stat`, CSV) → per-listener counters (frontend name = listener id), for the stats
// endpoint and heartbeats.
import type { AgentListenerStats } from '../../contracts/agent-api.js';
import { socketCommand } from './unix-socket.js';

export type StatRow = Readonly<Record<string, string>>;

/** Parses `show stat` output: a "# name,name,..." header, then one CSV line per proxy/server (no quoting). */
export function parseShowStat(csv: string): StatRow[] {
  const lines = csv.split('\n').filter((l) => l.trim() !== '');
  const header = lines.shift();
  if (!header?.startsWith('# ')) throw new Error(`unexpected "show stat" answer: ${csv.slice(0, 200)}`);
  const names = header.slice(2).split(',');
  return lines.map((line) => {
    const values = line.split(',');
    const row: Record<string, string> = {};
    names.forEach((name, i) => {
      if (name !== '') row[name] = values[i] ?? '';
    });
    return row;
  });
}

const num = (value: string | undefined): number => {
  const n = Number(value);
  return value === undefined || value === '' || !Number.isFinite(n) ? 0 : n;
};

export function listenerStatsFromRows(rows: readonly StatRow[]): AgentListenerStats[] {
  return rows
    .filter((r) => r.svname === 'FRONTEND')
    .map((r) => ({
      listenerId: r.pxname ?? '',
      bytesIn: num(r.bin),
      bytesOut: num(r.bout),
      activeConnections: num(r.scur),
      totalConnections: num(r.stot),
      requestErrors: num(r.ereq),
    }));
}

/** Raw `show stat` rows. With `viaMaster`, `socketPath` is the master CLI and the current worker is asked. */
export async function readHaproxyStatRows(socketPath: string, options: { viaMaster?: boolean } = {}): Promise<StatRow[]> {
  const command = options.viaMaster ? '@1 show stat;quit' : 'show stat';
  return parseShowStat(await socketCommand(socketPath, command));
}

/** Per-frontend statistics of one HAProxy, read from its stats socket (or its master CLI with `viaMaster`). */
export async function readHaproxyStats(socketPath: string, options: { viaMaster?: boolean } = {}): Promise<AgentListenerStats[]> {
  return listenerStatsFromRows(await readHaproxyStatRows(socketPath, options));
}

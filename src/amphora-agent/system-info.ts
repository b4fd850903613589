// Facts about the host for GET /1.0/info and /1.0/details (Octavia's amphora_info.py), read from /proc.
import { readFileSync } from 'node:fs';
import { readFile, statfs } from 'node:fs/promises';
import { hostname, loadavg } from 'node:os';

export async function cpuTimes(): Promise<{ total: number; user: number; system: number; soft_irq: number }> {
  const line = (await readFile('/proc/stat', 'utf8').catch(() => '')).split('\n')[0] ?? '';
  const f = line.trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0] = f;
  return { total: user + nice + system + idle + iowait + irq + softirq, user, system, soft_irq: softirq };
}

export async function memory(): Promise<{
  total: number;
  free: number;
  buffers: number;
  cached: number;
  swap_used: number;
  shared: number;
  slab: number;
}> {
  const text = await readFile('/proc/meminfo', 'utf8').catch(() => '');
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(text)?.[1] ?? 0);
  return {
    total: kb('MemTotal'),
    free: kb('MemFree'),
    buffers: kb('Buffers'),
    cached: kb('Cached'),
    swap_used: kb('SwapTotal') - kb('SwapFree'),
    shared: kb('Shmem'),
    slab: kb('Slab'),
  };
}

export async function disk(path: string): Promise<{ used: number; available: number }> {
  try {
    const s = await statfs(path);
    return { used: (s.blocks - s.bfree) * s.bsize, available: s.bavail * s.bsize };
  } catch {
    return { used: 0, available: 0 };
  }
}

export async function networks(): Promise<Record<string, { network_tx: number; network_rx: number }>> {
  const text = await readFile('/proc/net/dev', 'utf8').catch(() => '');
  const out: Record<string, { network_tx: number; network_rx: number }> = {};
  for (const line of text.split('\n').slice(2)) {
    const m = /^\s*([^:\s]+):\s*(.*)$/.exec(line);
    if (!m) continue;
    const f = (m[2] as string).trim().split(/\s+/).map(Number);
    out[m[1] as string] = { network_rx: f[0] ?? 0, network_tx: f[8] ?? 0 };
  }
  return out;
}

export function load(): [string, string, string] {
  const [a = 0, b = 0, c = 0] = loadavg();
  return [a.toFixed(2), b.toFixed(2), c.toFixed(2)];
}

export { hostname };

/** The soft open-file limit HAProxy inherits from the agent (the controller derives maxconn from it). */
export function openFileLimit(): number | null {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Max open files'));
    const soft = Number(line?.split(/\s+/)[3]);
    return Number.isFinite(soft) && soft > 0 ? soft : null;
  } catch {
    return null;
  }
}

// The Internet sockets of processes, from /proc: which socket inodes a process holds (its fds), and which of a set
// still exist in this network namespace. A TCP listener or bound UDP socket stays in /proc/net/* with its inode
// as long as any process holds it; a closed connection in TIME_WAIT or FIN_WAIT is listed with inode 0.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

const TABLES = ['tcp', 'tcp6', 'udp', 'udp6'] as const;

/** Inodes of every socket the process has open (any family; only Internet ones can later be found in TABLES). */
export function socketInodes(pid: number): string[] {
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const fd of fds) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) out.push(m[1]!);
    } catch {
      // closed meanwhile
    }
  }
  return out;
}

export interface OpenSocket {
  readonly inode: string;
  /** "127.80.1.2:8080" (IPv4) or the kernel's hex form (IPv6) */
  readonly local: string;
  readonly table: (typeof TABLES)[number];
}

/** The sockets among `inodes` that still exist. */
export function socketsStillOpen(inodes: ReadonlySet<string>): OpenSocket[] {
  if (inodes.size === 0) return [];
  const out: OpenSocket[] = [];
  for (const table of TABLES) {
    let text: string;
    try {
      text = readFileSync(`/proc/net/${table}`, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      const inode = cols[9];
      if (inode && inode !== '0' && inodes.has(inode)) out.push({ inode, local: readableAddress(cols[1] ?? ''), table });
    }
  }
  return out;
}

/** PIDs of the processes (other than those in `except`) holding any of the sockets. */
export function socketHolders(inodes: ReadonlySet<string>, except: ReadonlySet<number>): number[] {
  const holders: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || except.has(Number(entry))) continue;
    if (socketInodes(Number(entry)).some((i) => inodes.has(i))) holders.push(Number(entry));
  }
  return holders;
}

/** "0150507F:1F90" → "127.80.80.1:8080"; IPv6 stays hex (only logged). */
function readableAddress(hex: string): string {
  const [addr, port] = hex.split(':');
  if (!addr || !port) return hex;
  if (addr.length !== 8) return `[${addr}]:${Number.parseInt(port, 16)}`;
  const bytes = (addr.match(/../g) ?? []).map((b) => Number.parseInt(b, 16)).reverse();
  return `${bytes.join('.')}:${Number.parseInt(port, 16)}`;
}

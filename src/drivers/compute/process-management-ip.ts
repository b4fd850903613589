// Management addresses for process amphorae: one loopback address per amphora from a /16 of 127.0.0.0/8 (Linux
// answers on all of 127/8 without configuration). Claims are lock files created with O_EXCL, so worker processes
// on one machine never hand out one address twice; the first candidate is derived from the amphora id, so a
// retried build gets the same address.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function prefixOf(cidr: string): [number, number] {
  const m = /^127\.(\d{1,3})\.0\.0\/16$/.exec(cidr);
  if (!m) throw new Error(`[process_compute] management_cidr must be a /16 inside 127.0.0.0/8, got ${cidr}`);
  return [127, Number(m[1])];
}

function lockDir(baseDir: string): string {
  const dir = join(baseDir, '.management-ips');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

export function allocateManagementIp(baseDir: string, cidr: string, amphoraId: string): string {
  const [a, b] = prefixOf(cidr);
  const dir = lockDir(baseDir);
  const h = createHash('sha256').update(amphoraId).digest();
  // .0.x and .255.x are left out: no network or broadcast look-alikes
  const start = ((h[0]! << 8) | h[1]!) % (254 * 254);
  for (let i = 0; i < 254 * 254; i++) {
    const n = (start + i) % (254 * 254);
    const ip = `${a}.${b}.${Math.floor(n / 254) + 1}.${(n % 254) + 1}`;
    try {
      writeFileSync(join(dir, ip), amphoraId, { flag: 'wx', mode: 0o600 });
      return ip;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      // ours already (a retried build)?
      if (readFileSync(join(dir, ip), 'utf8') === amphoraId) return ip;
    }
  }
  throw new Error(`no free management address left in ${cidr}`);
}

export function releaseManagementIp(baseDir: string, ip: string, amphoraId: string): void {
  const file = join(lockDir(baseDir), ip);
  try {
    if (readFileSync(file, 'utf8') === amphoraId) rmSync(file);
  } catch {
    // already released
  }
}

// Liveness and stopping of an amphora's process group, by the PID the driver recorded. A recorded PID may have been
// reused by an unrelated process after the amphora died, so a PID only counts as the amphora when its command line
// still names the amphora's directory.
import { readdirSync, readFileSync } from 'node:fs';

const STOP_GRACE_MS = 5_000;

export function isAlive(pid: number, marker?: string): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  if (!marker) return true;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker);
  } catch {
    return false;
  }
}

/** Live (non-zombie) members of a process group, from /proc. */
export function groupMembers(pgid: number): number[] {
  const members: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // after the command name (which may contain spaces): state, ppid, pgrp, ...
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(pgrp) === pgid && state !== 'Z') members.push(Number(entry));
    } catch {
      // exited while we looked
    }
  }
  return members;
}

function groupAlive(pgid: number): boolean {
  return groupMembers(pgid).length > 0;
}

/** SIGTERM to the whole group, SIGKILL after a grace period; resolves once no member of the group is left. */
export async function stopProcessGroup(pgid: number): Promise<void> {
  if (!groupAlive(pgid)) return;
  try {
    process.kill(-pgid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + STOP_GRACE_MS;
  while (groupAlive(pgid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  if (groupAlive(pgid)) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // gone in between
    }
    // SIGKILL cannot be ignored; a bounded wait still, so a stuck kernel never hangs a worker
    const killDeadline = Date.now() + STOP_GRACE_MS;
    while (groupAlive(pgid) && Date.now() < killDeadline) await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * Whether any process of group `pgid` has `marker` in its command line: the agent may be gone while the HAProxy
 * it started (same group) still runs, and that one must be stopped too.
 */
export function groupHasMarkedMember(pgid: number, marker: string): boolean {
  return groupMembers(pgid).some((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker);
    } catch {
      return false;
    }
  });
}

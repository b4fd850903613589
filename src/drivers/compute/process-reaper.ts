// Ending every process of one amphora, whatever state its agent is in, and proving that nothing of it is left.
// The amphora's processes are its process group (the agent leads it; HAProxy joins it) and whatever the agent wrote
// to its process registry (every HAProxy master and worker, by PID and start time), which also covers a process
// that left the group. The agent may be long dead: its HAProxy then names nothing of the amphora on its command
// line, so a group member counts as the amphora's when it is recorded, is the agent, or runs inside its directory.
// Afterwards no process may remain, and no Internet socket those processes held (the VIP listeners) may be open.
import { readFileSync, readlinkSync } from 'node:fs';
import { identify, isSameProcess, type ProcessIdentity, readProcessRegistry } from '../../common/process-registry.js';
import { groupMembers } from './process-group.js';
import { socketHolders, socketInodes, socketsStillOpen } from './process-sockets.js';

const STOP_GRACE_MS = 5_000;
const KILL_WAIT_MS = 5_000;

export interface AmphoraProcesses {
  /** the agent as the driver started it: it leads the group; its start time is unknown for older records */
  readonly agent: { readonly pid: number; readonly start?: string };
  /** the amphora's directory: the agent's command line names it, HAProxy runs inside it */
  readonly dir: string;
  readonly registryFile: string;
}

export class AmphoraNotStopped extends Error {
  override readonly name = 'AmphoraNotStopped';
}

function mentionsDir(pid: number, dir: string): boolean {
  try {
    if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dir)) return true;
  } catch {
    return false;
  }
  try {
    // a removed directory reads as "<path> (deleted)"
    const cwd = readlinkSync(`/proc/${pid}/cwd`);
    return cwd === dir || cwd.startsWith(`${dir}/`) || cwd === `${dir} (deleted)`;
  } catch {
    return false;
  }
}

/** The amphora's live processes, found again on every call (HAProxy may fork while it is being stopped). */
class AmphoraProcessSet {
  private readonly pgid: number;
  /** whether the group is the amphora's; decided once, see groupNow */
  private readonly ownsGroup: boolean;
  private readonly leaderAtStart: ProcessIdentity | null;

  constructor(private readonly amp: AmphoraProcesses) {
    this.pgid = amp.agent.pid;
    this.leaderAtStart = identify(this.pgid);
    const recorded = this.recorded();
    const agentAlive =
      this.leaderAtStart !== null &&
      (amp.agent.start !== undefined ? this.leaderAtStart.start === amp.agent.start : mentionsDir(this.pgid, amp.dir));
    this.ownsGroup = groupMembers(this.pgid).some(
      (pid) => (pid === this.pgid && agentAlive) || recorded.some((r) => r.pid === pid) || mentionsDir(pid, amp.dir),
    );
  }

  private recorded(): ProcessIdentity[] {
    return readProcessRegistry(this.amp.registryFile).filter(isSameProcess);
  }

  /**
   * Members of the amphora's group. The kernel hands out no PID that still names a process group, so while one
   * member lives the group id is the amphora's; once the group is empty its id may come back as another process's
   * group, recognisable by a leader that was not there (or was another process) when we started.
   */
  private groupNow(): number[] {
    if (!this.ownsGroup) return [];
    const leader = identify(this.pgid);
    if (leader && leader.start !== this.leaderAtStart?.start) return [];
    return groupMembers(this.pgid);
  }

  live(): number[] {
    return [...new Set([...this.recorded().map((p) => p.pid), ...this.groupNow()])].sort((a, b) => a - b);
  }

  signal(sig: NodeJS.Signals): void {
    if (this.groupNow().length > 0) {
      try {
        process.kill(-this.pgid, sig);
      } catch {
        // emptied meanwhile
      }
    }
    // the recorded ones outside the group (checked against their start time right before)
    for (const p of this.recorded()) {
      try {
        process.kill(p.pid, sig);
      } catch {
        // gone meanwhile
      }
    }
  }
}

async function waitUntilNone(set: AmphoraProcessSet, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (set.live().length === 0) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * SIGTERM to every process of the amphora, SIGKILL after a grace period, then checks that none is left and that
 * no socket they held is still open (a process outside the amphora that inherited one is killed too: it got it
 * from the amphora). Throws AmphoraNotStopped when something survives, so the caller does not report the amphora
 * gone. Returns what was stopped, for the log.
 */
export async function endAmphoraProcesses(amp: AmphoraProcesses): Promise<{ stopped: number[] }> {
  const set = new AmphoraProcessSet(amp);
  const stopped = set.live();
  if (stopped.length === 0) return { stopped };
  const inodes = new Set(stopped.flatMap(socketInodes));
  set.signal('SIGTERM');
  if (!(await waitUntilNone(set, STOP_GRACE_MS))) {
    set.signal('SIGKILL');
    if (!(await waitUntilNone(set, KILL_WAIT_MS))) {
      throw new AmphoraNotStopped(`processes ${set.live().join(', ')} of the amphora in ${amp.dir} survived SIGKILL`);
    }
  }
  if (socketsStillOpen(inodes).length > 0) {
    const holders = socketHolders(inodes, new Set());
    for (const pid of holders) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
    }
    const deadline = Date.now() + KILL_WAIT_MS;
    while (socketsStillOpen(inodes).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const open = socketsStillOpen(inodes);
    if (open.length > 0) {
      throw new AmphoraNotStopped(
        `sockets ${open.map((s) => `${s.table} ${s.local}`).join(', ')} of the amphora in ${amp.dir} are still open`,
      );
    }
  }
  return { stopped };
}

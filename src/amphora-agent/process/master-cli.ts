// HAProxy's master CLI (-S socket): process list, used to confirm that a reload produced a new worker.
import { socketCommand } from './unix-socket.js';

export interface ProcessList {
  readonly masterPid: number;
  readonly reloads: number;
  readonly failedReloads: number;
  /** workers of the current generation */
  readonly workers: readonly number[];
  /** workers of earlier generations still finishing their connections */
  readonly oldWorkers: readonly number[];
}

/** Parses `show proc` (HAProxy 2.x): a master line, then "# workers" and optional "# old workers" sections. */
export function parseShowProc(text: string): ProcessList {
  let section: 'head' | 'workers' | 'old' | 'other' = 'head';
  let master: { pid: number; reloads: number; failed: number } | null = null;
  const workers: number[] = [];
  const oldWorkers: number[] = [];
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '') continue;
    if (trimmed.startsWith('#')) {
      const title = trimmed.toLowerCase();
      section = title === '# workers' ? 'workers' : title === '# old workers' ? 'old' : title.startsWith('#<pid>') ? 'head' : 'other';
      continue;
    }
    const fields = trimmed.split(/\s+/);
    const pid = Number.parseInt(fields[0] ?? '', 10);
    if (!Number.isInteger(pid)) continue;
    if (section === 'head' && fields[1] === 'master') {
      const failed = /\[failed:\s*(\d+)\]/.exec(trimmed);
      master = { pid, reloads: Number.parseInt(fields[2] ?? '0', 10), failed: failed ? Number(failed[1]) : 0 };
    } else if (section === 'workers' && fields[1] === 'worker') {
      workers.push(pid);
    } else if (section === 'old' && fields[1] === 'worker') {
      oldWorkers.push(pid);
    }
  }
  if (!master) throw new Error(`unexpected "show proc" answer: ${text.slice(0, 200)}`);
  return { masterPid: master.pid, reloads: master.reloads, failedReloads: master.failed, workers, oldWorkers };
}

export async function showProc(masterSocket: string): Promise<ProcessList> {
  return parseShowProc(await socketCommand(masterSocket, 'show proc;quit'));
}

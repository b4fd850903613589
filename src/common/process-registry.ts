// Which processes belong to an amphora, recorded where both sides can read it: the agent appends every HAProxy
// process it starts or adopts (and itself) to a file in its state directory, the process compute driver reads that
// file when it deletes the amphora. A PID alone is not an identity (the kernel reuses PIDs), so each entry carries
// the process's start time from /proc/<pid>/stat; an entry counts only while a live process has both.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';

export interface ProcessIdentity {
  readonly pid: number;
  /** field 22 of /proc/<pid>/stat: clock ticks after boot, fixed for the life of the process */
  readonly start: string;
}

export interface RecordedProcess extends ProcessIdentity {
  /** what it is, for logs: "agent", "haproxy-master <lb id>", "haproxy-worker <lb id>" */
  readonly role: string;
}

export interface ProcStat {
  readonly state: string;
  readonly pgrp: number;
  readonly start: string;
}

/** State, process group and start time of a process, or null when there is none with that PID. */
export function procStat(pid: number): ProcStat | null {
  if (!Number.isInteger(pid) || pid <= 1) return null;
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // "pid (comm) state ppid pgrp ...": comm may contain spaces and parentheses, the fields follow the last ')'
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const [state, , pgrp] = fields;
  const start = fields[19];
  if (state === undefined || pgrp === undefined || start === undefined) return null;
  return { state, pgrp: Number(pgrp), start };
}

/** The identity of a live (not zombie) process, or null. */
export function identify(pid: number): ProcessIdentity | null {
  const stat = procStat(pid);
  if (!stat || stat.state === 'Z' || stat.state === 'X') return null;
  return { pid, start: stat.start };
}

/** Whether the process `p` names still runs (a reused PID has another start time). */
export function isSameProcess(p: ProcessIdentity): boolean {
  return identify(p.pid)?.start === p.start;
}

export function readProcessRegistry(file: string): RecordedProcess[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const out: RecordedProcess[] = [];
  for (const line of text.split('\n')) {
    const m = /^(\d+) (\d+) (.*)$/.exec(line);
    if (m) out.push({ pid: Number(m[1]), start: m[2]!, role: m[3]! });
  }
  return out;
}

/**
 * Adds live processes to the registry and drops entries whose process is gone, so the file stays as long as the
 * amphora's current processes. Synchronous on purpose: the agent is one thread, so two load balancers recording
 * at once cannot interleave their read-modify-write; the rename makes the file whole for a reader at any moment.
 */
export function recordProcesses(file: string, processes: readonly { readonly pid: number; readonly role: string }[]): void {
  const kept = readProcessRegistry(file).filter(isSameProcess);
  for (const { pid, role } of processes) {
    const id = identify(pid);
    if (!id || kept.some((k) => k.pid === id.pid && k.start === id.start)) continue;
    kept.push({ ...id, role });
  }
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, kept.map((p) => `${p.pid} ${p.start} ${p.role}\n`).join(''), { mode: 0o600 });
  renameSync(tmp, file);
}

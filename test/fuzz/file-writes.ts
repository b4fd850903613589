// Reads an `strace -f` log of the service and names every file it changed outside its state directory: opens for
// writing or creating, and every call that makes, removes, renames or links a name. Only successful calls count.
import { resolve } from 'node:path';

/** Device nodes every process may write to; nothing else outside the state directory is allowed. */
const ALLOWED = new Set(['/dev/null', '/dev/tty', '/dev/stdout', '/dev/stderr']);

const WRITE_FLAGS = /O_WRONLY|O_RDWR|O_CREAT|O_TRUNC|O_APPEND/;
const NAMING_CALLS = new Set([
  'mkdir',
  'mkdirat',
  'unlink',
  'unlinkat',
  'rmdir',
  'rename',
  'renameat',
  'renameat2',
  'link',
  'linkat',
  'symlink',
  'symlinkat',
  'truncate',
  'creat',
  'chmod',
  'fchmodat',
  'chown',
  'fchownat',
  'lchown',
  'utimensat',
]);

// `1234  openat(AT_FDCWD, "/x", O_WRONLY|O_CREAT, 0644) = 3`, possibly with a leading pid and `<unfinished ...>` split
const CALL = /^(?:\[pid\s+)?(\d+)?\]?\s*([a-z0-9_]+)\((.*)\)\s+=\s+(-?\d+)/;
const QUOTED = /"((?:[^"\\]|\\.)*)"/g;

export interface FileWrite {
  readonly call: string;
  readonly path: string;
  readonly line: string;
}

function unescapeStrace(s: string): string {
  return s.replace(/\\x([0-9a-f]{2})/gi, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16))).replace(/\\(.)/g, '$1');
}

export interface FileWrites {
  readonly outside: FileWrite[];
  /** changes inside the state directory: none at all means the trace saw nothing and the check is blind */
  readonly inside: number;
}

/** `cwd` resolves relative names. */
export function fileWrites(straceLog: string, stateDir: string, cwd: string): FileWrites {
  const root = resolve(stateDir);
  const out: FileWrite[] = [];
  let inside = 0;
  for (const line of straceLog.split('\n')) {
    const m = CALL.exec(line.trim());
    if (!m) continue;
    const [, , call = '', args = '', result = '-1'] = m;
    if (Number(result) < 0) continue;
    const isOpen = call === 'open' || call === 'openat' || call === 'openat2';
    if (isOpen && !WRITE_FLAGS.test(args)) continue;
    if (!isOpen && !NAMING_CALLS.has(call)) continue;
    for (const q of args.matchAll(QUOTED)) {
      const path = resolve(cwd, unescapeStrace(q[1] ?? ''));
      if (path === root || path.startsWith(`${root}/`)) inside++;
      if (ALLOWED.has(path) || path === root || path.startsWith(`${root}/`)) continue;
      out.push({ call, path, line: line.trim() });
    }
  }
  return { outside: out, inside };
}

export const STRACE_CALLS = ['open', 'openat', 'openat2', ...NAMING_CALLS].join(',');

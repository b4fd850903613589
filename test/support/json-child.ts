// A tsx child process that reports one JSON line on stdout when it is done (and may print earlier lines, e.g. when it
// starts its real work); stopped by its own recorded pid.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = resolve(fileURLToPath(import.meta.url), '../../..');

export interface JsonChild<T> {
  readonly pid: number;
  /** resolves at the child's first line of output */
  readonly started: Promise<void>;
  /** the last JSON line the child printed, once it has exited */
  readonly done: Promise<T>;
  /** SIGTERM to the child's pid */
  stop(): void;
}

export function spawnJsonChild<T>(script: string, args: readonly string[]): JsonChild<T> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  if (child.pid === undefined) throw new Error(`could not spawn ${script}`);
  const pid = child.pid;
  let out = '';
  let onStarted = () => {};
  const started = new Promise<void>((r) => (onStarted = r));
  child.stdout.on('data', (chunk) => {
    out += String(chunk);
    if (out.includes('\n')) onStarted();
  });
  const done = new Promise<T>((resolveDone, reject) => {
    child.once('exit', (code, signal) => {
      const line = out.trim().split('\n').at(-1) ?? '';
      if (line.startsWith('{')) resolveDone(JSON.parse(line) as T);
      else reject(new Error(`${script} exited with ${code ?? signal}: ${out.slice(-500)}`));
    });
  });
  // a child that dies first has started as much as it ever will; done says how it ended
  child.once('exit', () => onStarted());
  return {
    pid,
    started,
    done,
    stop() {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // already gone
      }
    },
  };
}

/** true when `moduleUrl` is the script node was started with */
export function isMainModule(moduleUrl: string): boolean {
  return process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(moduleUrl);
}

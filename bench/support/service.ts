// Runs the built service (`node dist/cli/main.js all-in-one`) as its own process, so the load generator never
// shares an event loop with the server it measures. Stopped by its PID; its state directory is removed afterwards.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ENTRY = join(REPO_ROOT, 'dist/cli/main.js');

export interface ServiceOptions {
  /** [database] connection; empty means the embedded SQLite file in the temporary state directory */
  databaseUrl?: string;
  /** extra OCTAVIA__<SECTION>__<OPTION> overrides */
  env?: Record<string, string>;
  /** directory for a V8 CPU profile of the server (node --cpu-prof), written when it stops */
  cpuProfileDir?: string;
  /** the octavia subcommand (default all-in-one); `worker` serves no HTTP and is ready once it logs so */
  command?: 'all-in-one' | 'api' | 'worker';
}

export interface Service {
  readonly url: string;
  readonly pid: number;
  stop(): Promise<void>;
}

/** A port nobody listens on right now (the kernel picks it; the service binds it a moment later). */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolvePort(port));
    });
  });
}

export async function startService(opts: ServiceOptions = {}): Promise<Service> {
  const stateDir = mkdtempSync(join(tmpdir(), 'octavia-bench-'));
  const port = await freePort();
  const logFile = join(stateDir, 'service.log');
  const logFd = openSync(logFile, 'a');
  const nodeArgs: string[] = [];
  if (opts.cpuProfileDir) {
    mkdirSync(opts.cpuProfileDir, { recursive: true });
    nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${opts.cpuProfileDir}`);
  }
  const command = opts.command ?? 'all-in-one';
  const child = spawn(process.execPath, [...nodeArgs, ENTRY, command], {
    // not the repository: an ./etc/octavia.conf there would be read and change what is measured
    cwd: stateDir,
    stdio: ['ignore', logFd, logFd],
    env: {
      ...withoutOctaviaEnv(process.env),
      OCTAVIA__API_SETTINGS__BIND_HOST: '127.0.0.1',
      OCTAVIA__API_SETTINGS__BIND_PORT: String(port),
      OCTAVIA__DEFAULT__STATE_PATH: stateDir,
      OCTAVIA__API_SETTINGS__DEFAULT_PROVIDER_DRIVER: 'noop_driver',
      OCTAVIA__DEFAULT__LOG_LEVEL: 'warn',
      // the all-in-one's heartbeat receiver takes any free port (several services may run); other commands receive
      // none and hand amphorae the default address
      ...(command === 'all-in-one' ? { OCTAVIA__HEALTH_MANAGER__BIND_PORT: '0' } : {}),
      ...(opts.databaseUrl ? { OCTAVIA__DATABASE__CONNECTION: opts.databaseUrl } : {}),
      ...opts.env,
    },
  });
  closeSync(logFd);
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${ENTRY}`);
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  // A bench that dies half-way must not leave its server behind.
  const killOnExit = () => killQuietly(pid, 'SIGKILL');
  process.once('exit', killOnExit);

  const url = `http://127.0.0.1:${port}`;
  const cleanup = () => {
    process.removeListener('exit', killOnExit);
    rmSync(stateDir, { recursive: true, force: true });
  };
  try {
    if (command === 'worker') await waitLogged('controller worker started', child, logFile);
    else await waitReady(url, child, logFile);
  } catch (err) {
    killQuietly(pid, 'SIGKILL');
    await exited;
    cleanup();
    throw err;
  }
  return {
    url,
    pid,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        killQuietly(pid, 'SIGTERM');
        const timer = setTimeout(() => killQuietly(pid, 'SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }
      cleanup();
    },
  };
}

/** The bench sets every option it needs; an OCTAVIA__* variable from the caller's shell would silently change them. */
function withoutOctaviaEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([k]) => !k.startsWith('OCTAVIA__')));
}

function killQuietly(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

async function waitReady(url: string, child: ChildProcess, logFile: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`service exited during start-up (${child.exitCode ?? child.signalCode}):\n${tail(logFile)}`);
    }
    try {
      const res = await fetch(`${url}/`);
      await res.arrayBuffer();
      // Another process could have taken the port between freePort() and the bind: only ours has a live child.
      if (res.status === 200 && child.exitCode === null) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`service not ready on ${url} after ${timeoutMs} ms:\n${tail(logFile)}`);
}

async function waitLogged(text: string, child: ChildProcess, logFile: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`process exited during start-up (${child.exitCode ?? child.signalCode}):\n${tail(logFile)}`);
    }
    if (readFileSync(logFile, 'utf8').includes(text)) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`"${text}" not logged after ${timeoutMs} ms:\n${tail(logFile)}`);
}

function tail(file: string, lines = 20): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

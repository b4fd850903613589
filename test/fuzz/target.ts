// The service the fuzz suite attacks: the built all-in-one (`node dist/cli/main.js all-in-one`: API, worker,
// health manager, housekeeping) in its own process under `strace -f`, so every file it changes is on record, with
// auth_strategy = testing (identity from headers, policy enforced as under Keystone) and a throwaway database the
// suite can read for its consistency check. Stopped by PID; its directories are removed afterwards.
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabaseUrl, type DatabaseHandle } from '../../src/db/connection.js';
import type { Dialect } from '../../src/db/url.js';
import { createTestDatabase } from '../support/databases.js';
import { eventually, GiveUp } from '../support/eventually.js';
import { STRACE_CALLS, fileWrites, type FileWrites } from './file-writes.js';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ENTRY = join(REPO_ROOT, 'dist/cli/main.js');
const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;

export type FuzzProvider = 'noop_driver' | 'amphora';

export interface FuzzTarget {
  readonly origin: URL;
  readonly dialect: Dialect;
  readonly provider: FuzzProvider;
  /** the service's own database, opened by the suite (read-only use) */
  readonly database: DatabaseHandle;
  readonly stateDir: string;
  logTail(): string;
  /** still running? (a crash is a finding) */
  alive(): boolean;
  /** files changed so far, outside and inside the state directory */
  fileWrites(): FileWrites;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const a = srv.address();
      srv.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

/** The traced process's first child: the node process strace started. */
function tracee(stracePid: number): number | undefined {
  for (const task of readdirSync(`/proc/${stracePid}/task`)) {
    const children = readFileSync(`/proc/${stracePid}/task/${task}/children`, 'utf8').trim();
    if (children) return Number(children.split(' ')[0]);
  }
  return undefined;
}

export async function startFuzzTarget(dialect: Dialect, provider: FuzzProvider): Promise<FuzzTarget> {
  const stateDir = mkdtempSync(join(tmpdir(), 'octavia-fuzz-state-'));
  const workDir = mkdtempSync(join(tmpdir(), 'octavia-fuzz-trace-'));
  const traceFile = join(workDir, 'strace.log');
  const logFile = join(workDir, 'service.log');
  const db = dialect === 'sqlite' ? undefined : await createTestDatabase(dialect);
  const url = db?.url ?? `sqlite:///${join(stateDir, 'octavia.sqlite')}`;
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('OCTAVIA__')) env[k] = v;
  const logFd = openSync(logFile, 'a');
  const child = spawn('strace', ['-f', '-qq', '-o', traceFile, '-e', `trace=${STRACE_CALLS}`, process.execPath, ENTRY, 'all-in-one'], {
    // the state directory: relative names the service might use land inside it, and no ./etc/octavia.conf is read
    cwd: stateDir,
    stdio: ['ignore', logFd, logFd],
    env: {
      ...env,
      OCTAVIA__API_SETTINGS__BIND_HOST: '127.0.0.1',
      OCTAVIA__API_SETTINGS__BIND_PORT: String(port),
      OCTAVIA__API_SETTINGS__AUTH_STRATEGY: 'testing',
      OCTAVIA__API_SETTINGS__DEFAULT_PROVIDER_DRIVER: provider,
      OCTAVIA__DEFAULT__STATE_PATH: stateDir,
      OCTAVIA__DEFAULT__LOG_LEVEL: 'warn',
      OCTAVIA__DATABASE__CONNECTION: url,
      OCTAVIA__HEALTH_MANAGER__BIND_PORT: '0',
      // the flows run for real; the data plane is the noop drivers' (test/e2e covers real amphorae). The noop
      // provider keeps the embedded loopback network (npm start's), the amphora flows get Octavia's noop network
      // (any UUID is a subnet), so both network drivers meet the fuzz
      OCTAVIA__CONTROLLER_WORKER__COMPUTE_DRIVER: 'compute_noop_driver',
      OCTAVIA__CONTROLLER_WORKER__AMPHORA_DRIVER: 'amphora_noop_driver',
      OCTAVIA__CONTROLLER_WORKER__NETWORK_DRIVER: provider === 'amphora' ? 'network_noop_driver' : 'loopback',
      OCTAVIA__CERTIFICATES__CERT_GENERATOR: 'noop_cert_generator',
    },
  });
  closeSync(logFd);
  const stracePid = child.pid;
  if (stracePid === undefined) throw new Error('could not start strace');
  let exited = false;
  const exit = new Promise<void>((done) =>
    child.once('exit', () => {
      exited = true;
      done();
    }),
  );
  // the service strace started: killing strace alone only detaches it, and the service would live on
  let service: number | undefined;
  const killOnExit = () => {
    if (exited) return;
    for (const pid of [service, stracePid]) {
      try {
        if (pid !== undefined) process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  };
  process.once('exit', killOnExit);
  const logTail = () => {
    try {
      return readFileSync(logFile, 'utf8').slice(-8000);
    } catch {
      return '';
    }
  };

  const origin = new URL(`http://127.0.0.1:${port}`);
  const answers = async () => {
    if (exited) throw new GiveUp('exited before answering');
    return (await fetch(origin)).ok;
  };
  try {
    await eventually('the service to answer', answers, { timeoutMs: READY_TIMEOUT_MS, detail: logTail });
  } catch (err) {
    if (!exited) {
      service = tracee(stracePid);
      killOnExit();
    }
    throw err;
  }
  const database = openDatabaseUrl(url, 2);
  service = tracee(stracePid);

  return {
    origin,
    dialect,
    provider,
    database,
    stateDir,
    logTail,
    alive: () => !exited,
    fileWrites: () => fileWrites(readFileSync(traceFile, 'utf8'), stateDir, stateDir),
    async stop() {
      await database.close();
      if (!exited) {
        // SIGTERM to the service itself (strace exits with it); strace alone would only detach
        process.kill(service ?? stracePid, 'SIGTERM');
        const timer = setTimeout(() => killOnExit(), STOP_TIMEOUT_MS);
        await exit;
        clearTimeout(timer);
      }
      process.removeListener('exit', killOnExit);
      await db?.drop();
      rmSync(stateDir, { recursive: true, force: true });
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}

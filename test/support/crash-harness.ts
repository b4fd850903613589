// Crash-and-resume harness: an API in the test process (no worker), worker processes that SIGKILL themselves after
// a chosen task (test/support/crashing-worker.ts), and an in-process worker that resumes what they left. The noop
// drivers of every process append their calls to one file, so side effects are counted across the crash.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NoopRecorder } from '../../src/drivers/noop/recorder.js';
import type { Db } from '../../src/db/connection.js';
import type { Dialect } from '../../src/db/url.js';
import { Worker } from '../../src/worker/worker.js';
import type { RunnerHooks } from '../../src/worker/engine/runner.js';
import { startApi, type TestApi } from './api-harness.js';
import { waitNoOpenJobs } from './worker-probe.js';

const REPO_ROOT = new URL('../../', import.meta.url);
/** the lease of every worker the harness runs (short, so a dead worker's job is taken over soon) */
export const LEASE_SECONDS = 1;
const CHILD_TIMEOUT_MS = 30_000;

export interface CrashHarness {
  readonly api: TestApi;
  /** runs an in-process worker until every job is finished */
  resume(hooks?: RunnerHooks, opts?: ResumeOptions): Promise<void>;
  /** starts a worker process that kills itself after `flow`/`task`; resolves once it is ready to claim jobs */
  spawnCrashingWorker(flow: string, task: string): Promise<CrashingWorker>;
  /** calls recorded by every process so far */
  calls(): ReturnType<typeof NoopRecorder.read>;
  close(): Promise<void>;
}

export interface ResumeOptions {
  /** [jobboard] max_attempts of the resuming worker (default 5) */
  readonly maxAttempts?: number;
  /** the database the resuming worker uses (e.g. one with a plugin injecting failures) */
  readonly db?: Db;
}

export interface CrashingWorker {
  readonly pid: number;
  /** resolves with the signal that ended the process; fails if it is still alive after the timeout */
  died(): Promise<NodeJS.Signals | null>;
  kill(): void;
}

export async function startCrashHarness(dialect: Dialect): Promise<CrashHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'octavia-crash-'));
  const callsFile = join(dir, 'calls.jsonl');
  const api = await startApi(dialect, {
    DEFAULT: { state_path: dir },
    api_settings: { default_provider_driver: 'amphora' },
    noop_drivers: { calls_file: callsFile },
    task_flow: { jobboard_expiration_time: LEASE_SECONDS },
  });
  const children = new Set<CrashingWorker>();

  async function resume(hooks?: RunnerHooks, opts: ResumeOptions = {}): Promise<void> {
    const { database, drivers, services } = api.runtime;
    const db = opts.db ?? database.db;
    const worker = new Worker(
      db,
      { db, config: api.config, log: services.log, ...drivers },
      {
        concurrency: 2,
        pollIntervalMs: 50,
        leaseMs: LEASE_SECONDS * 1000,
        maxAttempts: opts.maxAttempts ?? 5,
        signal: services.jobSignal,
        ...(hooks ? { hooks } : {}),
      },
    );
    worker.start();
    try {
      await waitNoOpenJobs(database.db, 20_000, 20);
    } finally {
      await worker.stop();
    }
  }

  async function spawnCrashingWorker(flow: string, task: string): Promise<CrashingWorker> {
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('OCTAVIA__')) env[k] = v;
    Object.assign(env, {
      OCTAVIA__DATABASE__CONNECTION: api.config.database.connection,
      OCTAVIA__DEFAULT__STATE_PATH: dir,
      OCTAVIA__NOOP_DRIVERS__CALLS_FILE: callsFile,
      OCTAVIA__TASK_FLOW__JOBBOARD_EXPIRATION_TIME: String(LEASE_SECONDS),
      OCTAVIA__JOBBOARD__POLL_INTERVAL_MS: '20',
      OCTAVIA__CONTROLLER_WORKER__WORKERS: '1',
      OCTAVIA__CONTROLLER_WORKER__COMPUTE_DRIVER: 'compute_noop_driver',
      OCTAVIA__CONTROLLER_WORKER__AMPHORA_DRIVER: 'amphora_noop_driver',
      OCTAVIA__CERTIFICATES__CERT_GENERATOR: 'noop_cert_generator',
      OCTAVIA_CRASH_FLOW: flow,
      OCTAVIA_CRASH_TASK: task,
    });
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/crashing-worker.ts'], {
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (child.pid === undefined) throw new Error('could not spawn the crashing worker');
    const pid = child.pid;
    let output = '';
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('ready\n')) resolve();
      });
      child.stderr.on('data', (chunk: Buffer) => {
        output += chunk.toString();
      });
      void exited.then(() => reject(new Error(`crashing worker exited before it was ready:\n${output}`)));
    });
    const handle: CrashingWorker = {
      pid,
      async died() {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`worker ${pid} did not crash after ${flow}/${task} within ${CHILD_TIMEOUT_MS} ms:\n${output}`)),
            CHILD_TIMEOUT_MS,
          );
        });
        try {
          return await Promise.race([exited, timeout]);
        } finally {
          clearTimeout(timer);
          children.delete(handle);
        }
      },
      kill() {
        if (child.exitCode === null && child.signalCode === null) process.kill(pid, 'SIGKILL');
      },
    };
    children.add(handle);
    return handle;
  }

  return {
    api,
    resume,
    spawnCrashingWorker,
    calls: () => NoopRecorder.read(callsFile),
    async close() {
      for (const c of children) c.kill();
      await api.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** "driver.op" → how many times, over a slice of recorded calls. */
export function opCounts(calls: readonly { driver: string; op: string }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const c of calls) counts[`${c.driver}.${c.op}`] = (counts[`${c.driver}.${c.op}`] ?? 0) + 1;
  return counts;
}

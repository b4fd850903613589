// The real `octavia all-in-one` as a separate process (API + worker, embedded SQLite in a throwaway state dir), for
// tests that drive it with external clients the way an operator would.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually, GiveUp } from '../support/eventually.js';

const REPO_ROOT = new URL('../../', import.meta.url);
const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;
const LOG_TAIL_CHARS = 8_000;

export interface ServiceProcess {
  readonly pid: number;
  readonly endpoint: string;
  /** the last few KB of the service's stdout+stderr, to explain a failure */
  logTail(): string;
  /** SIGTERM by PID, SIGKILL after a timeout, then removes the state dir */
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The inherited environment minus any OCTAVIA__ settings, so the developer's shell cannot redirect the service. */
function serviceEnv(
  port: number,
  stateDir: string,
  provider: string,
  overrides: Record<string, string>,
  configuredBindHost: boolean,
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('OCTAVIA__')) env[key] = value;
  return {
    ...env,
    ...(configuredBindHost ? {} : { OCTAVIA__API_SETTINGS__BIND_HOST: '127.0.0.1' }),
    OCTAVIA__API_SETTINGS__BIND_PORT: String(port),
    OCTAVIA__API_SETTINGS__DEFAULT_PROVIDER_DRIVER: provider,
    // several services may run at once (parallel test files): the heartbeat receiver takes any free port
    OCTAVIA__HEALTH_MANAGER__BIND_PORT: '0',
    // the CLI session checks the API and the flows, not the data plane (test/e2e covers that)
    OCTAVIA__CONTROLLER_WORKER__COMPUTE_DRIVER: 'compute_noop_driver',
    OCTAVIA__CONTROLLER_WORKER__AMPHORA_DRIVER: 'amphora_noop_driver',
    OCTAVIA__CERTIFICATES__CERT_GENERATOR: 'noop_cert_generator',
    OCTAVIA__DEFAULT__STATE_PATH: stateDir,
    ...overrides,
  };
}

/**
 * `provider`: the default provider driver (noop_driver, or amphora with the worker's noop drivers).
 * `env`: extra OCTAVIA__<SECTION>__<OPTION> settings, applied last (e.g. auth_strategy = keystone).
 * `args`: extra arguments after `all-in-one` (e.g. --config-file).
 * `configuredBindHost`: leave [api_settings] bind_host to the configuration (else 127.0.0.1 is forced).
 */
export async function startService(
  opts: { provider?: string; env?: Record<string, string>; args?: string[]; configuredBindHost?: boolean } = {},
): Promise<ServiceProcess> {
  const stateDir = await mkdtemp(join(tmpdir(), 'octavia-compat-'));
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'all-in-one', ...(opts.args ?? [])], {
    cwd: REPO_ROOT,
    env: serviceEnv(port, stateDir, opts.provider ?? 'noop_driver', opts.env ?? {}, opts.configuredBindHost ?? false),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const append = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-LOG_TAIL_CHARS);
  };
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  let exitCode: number | null = null;
  let exitSignal: NodeJS.Signals | null = null;
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exited = true;
      exitCode = code;
      exitSignal = signal;
      resolve();
    }),
  );
  if (child.pid === undefined) throw new Error(`could not spawn the service: ${log}`);
  const pid = child.pid;

  const stop = async () => {
    if (!exited) {
      process.kill(pid, 'SIGTERM');
      const timer = setTimeout(() => {
        if (!exited) process.kill(pid, 'SIGKILL');
      }, STOP_TIMEOUT_MS);
      await exit;
      clearTimeout(timer);
    }
    await rm(stateDir, { recursive: true, force: true });
  };

  const answers = async () => {
    if (exited) throw new GiveUp(`exited before answering (code ${exitCode}, signal ${exitSignal})`);
    return (await fetch(`${endpoint}/`)).ok;
  };
  try {
    await eventually('the service to answer GET /', answers, { timeoutMs: READY_TIMEOUT_MS, detail: () => log });
  } catch (err) {
    await stop();
    throw err;
  }
  return { pid, endpoint, logTail: () => log, stop };
}

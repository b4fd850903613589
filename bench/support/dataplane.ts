// Data-plane pieces for the amphora benchmarks: fast backends (Debian's nginx, our own processes on loopback high
// ports from a config in a temporary directory), a minimal hand-written HAProxy in front of them as the baseline,
// wrk as the load generator, the resident memory of a process group, and the removal of amphorae a service left
// behind. Every process is started with a recorded PID and stopped by it. scripts/ensure-bench-tools.sh installs
// nginx and wrk.
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ProcessComputeDriver } from '../../src/drivers/compute/process-compute.js';
import { groupMembers } from '../../src/drivers/compute/process-group.js';
import { freePort } from './service.js';

const run = promisify(execFile);

export interface Managed {
  readonly pid: number;
  stop(): Promise<void>;
}

function manage(child: ChildProcess, what: string, stopSignal: NodeJS.Signals, after?: () => void): Managed {
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${what}`);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const killOnExit = () => {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone
    }
  };
  process.once('exit', killOnExit);
  return {
    pid,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        process.kill(pid, stopSignal);
        const timer = setTimeout(killOnExit, 10_000);
        await exited;
        clearTimeout(timer);
      }
      process.removeListener('exit', killOnExit);
      after?.();
    },
  };
}

async function waitListening(host: string, port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`http://${host}:${port}/`);
      await res.arrayBuffer();
      if (res.status === 200) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nothing answers on ${host}:${port} after ${timeoutMs} ms`);
}

export function nginxBinary(): string {
  for (const candidate of ['/usr/sbin/nginx', '/usr/bin/nginx']) if (existsSync(candidate)) return candidate;
  throw new Error('nginx not found: run scripts/ensure-bench-tools.sh');
}

export interface NginxBackends extends Managed {
  readonly ports: number[];
}

/** One nginx master (one worker) serving `count` ports on 127.0.0.1, each answering 200 with a short body. */
export async function startNginxBackends(count: number): Promise<NginxBackends> {
  const dir = mkdtempSync(join(tmpdir(), 'octavia-bench-nginx-'));
  const ports: number[] = [];
  for (let i = 0; i < count; i++) ports.push(await freePort());
  const servers = ports.map((port, i) => `  server { listen 127.0.0.1:${port}; location / { return 200 "backend-${i}\\n"; } }`);
  writeFileSync(
    join(dir, 'nginx.conf'),
    [
      'worker_processes 1;',
      `pid ${join(dir, 'nginx.pid')};`,
      `error_log ${join(dir, 'error.log')} warn;`,
      'events { worker_connections 4096; }',
      'http {',
      '  access_log off;',
      '  keepalive_requests 100000;',
      `  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fastcgi;`,
      `  uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;`,
      ...servers,
      '}',
      '',
    ].join('\n'),
  );
  const child = spawn(nginxBinary(), ['-p', dir, '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'], { stdio: 'ignore' });
  // SIGQUIT: graceful stop of the master and its worker
  const managed = manage(child, 'nginx', 'SIGQUIT', () => rmSync(dir, { recursive: true, force: true }));
  try {
    for (const port of ports) await waitListening('127.0.0.1', port);
  } catch (err) {
    await managed.stop();
    throw err;
  }
  return { ...managed, ports };
}

export interface BaselineHaproxy extends Managed {
  readonly port: number;
  readonly config: string;
}

/**
 * The baseline: a minimal hand-written haproxy.cfg in front of the same backends (round robin, keep-alive both
 * sides, no logging), run by the same binary in the foreground.
 */
export async function startBaselineHaproxy(haproxyCmd: string, backendPorts: readonly number[]): Promise<BaselineHaproxy> {
  const dir = mkdtempSync(join(tmpdir(), 'octavia-bench-haproxy-'));
  const port = await freePort();
  const config = [
    'global',
    '    maxconn 4096',
    'defaults',
    '    mode http',
    '    timeout connect 5s',
    '    timeout client 50s',
    '    timeout server 50s',
    'frontend fe',
    `    bind 127.0.0.1:${port}`,
    '    default_backend be',
    'backend be',
    '    balance roundrobin',
    ...backendPorts.map((p, i) => `    server s${i} 127.0.0.1:${p}`),
    '',
  ].join('\n');
  writeFileSync(join(dir, 'haproxy.cfg'), config);
  const child = spawn(haproxyCmd, ['-db', '-f', join(dir, 'haproxy.cfg')], { stdio: 'ignore' });
  const managed = manage(child, 'haproxy', 'SIGTERM', () => rmSync(dir, { recursive: true, force: true }));
  try {
    await waitListening('127.0.0.1', port);
  } catch (err) {
    await managed.stop();
    throw err;
  }
  return { ...managed, port, config };
}

export interface WrkResult {
  requestsPerSec: number;
  requests: number;
  /** connect/read/write/timeout errors plus non-2xx/3xx responses */
  errors: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
}

function toMs(v: string): number {
  const m = /^([\d.]+)(us|ms|s)$/.exec(v.trim());
  if (!m) return NaN;
  const n = Number(m[1]);
  return m[2] === 'us' ? n / 1000 : m[2] === 's' ? n * 1000 : n;
}

/** One bounded wrk run (--latency for the percentiles); wrk exits on its own after durationS. */
export async function runWrk(url: string, opts: { connections: number; threads: number; durationS: number }): Promise<WrkResult> {
  const { stdout } = await run('wrk', ['--latency', `-t${opts.threads}`, `-c${opts.connections}`, `-d${opts.durationS}s`, url], {
    timeout: (opts.durationS + 30) * 1000,
  });
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(stdout);
  const total = /(\d+) requests in/.exec(stdout);
  const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(stdout);
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(stdout);
  const p50 = /^\s+50%\s+(\S+)/m.exec(stdout);
  const p99 = /^\s+99%\s+(\S+)/m.exec(stdout);
  if (!rps || !total) throw new Error(`unexpected wrk output:\n${stdout}`);
  const errors = (socketErrors ? socketErrors.slice(1).reduce((n, v) => n + Number(v), 0) : 0) + (non2xx ? Number(non2xx[1]) : 0);
  return {
    requestsPerSec: Math.round(Number(rps[1])),
    requests: Number(total[1]),
    errors,
    latencyP50Ms: p50 ? toMs(p50[1]!) : NaN,
    latencyP99Ms: p99 ? toMs(p99[1]!) : NaN,
  };
}

/** Sum of VmRSS (KiB) over the live members of a process group, with the members' names. */
export function groupRssKiB(pgid: number): { kib: number; processes: { pid: number; name: string; kib: number }[] } {
  const processes = groupMembers(pgid).flatMap((pid) => {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const kib = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0);
      const name = /^Name:\s+(\S+)/m.exec(status)?.[1] ?? '?';
      return [{ pid, name, kib }];
    } catch {
      return [];
    }
  });
  return { kib: processes.reduce((n, p) => n + p.kib, 0), processes };
}

/** The PID recorded for an amphora by the process compute driver (the leader of its group). */
export function amphoraGroupPid(baseDir: string, computeId: string): number {
  return (JSON.parse(readFileSync(join(baseDir, computeId, 'instance.json'), 'utf8')) as { pid: number }).pid;
}

/**
 * Removes every amphora under a process compute base directory (process group and files): amphorae outlive the
 * service by design, so a benchmark removes what it built after stopping the service.
 */
export async function removeAmphorae(baseDir: string): Promise<number> {
  if (!existsSync(baseDir)) return 0;
  const driver = new ProcessComputeDriver({
    baseDir,
    agentCommand: ['true'],
    agentPort: 9443,
    haproxyCmd: 'haproxy',
    managementCidr: '127.79.0.0/16',
  });
  const ids = readdirSync(baseDir).filter((n) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(n));
  await Promise.all(ids.map((id) => driver.delete(id)));
  rmSync(baseDir, { recursive: true, force: true });
  return ids.length;
}

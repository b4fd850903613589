// One load balancer's HAProxy in master-worker mode: start, hitless reload (SIGUSR2 to the master, which hands the
// listening sockets to the new worker), stop, and re-adoption after an agent restart. HAProxy stays in the agent's
// process group (no setsid), so killing the amphora's group stops everything; it does not die with the agent.
// Every master and worker is also written to the amphora's process registry (by PID and start time), so whoever
// deletes the amphora finds them when the agent is gone or a process left the group.
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { showProc, type ProcessList } from './master-cli.js';
import { commandLine, isAlive, readPidFile, sleep, waitForExit } from './pids.js';

export const LB_FILES = {
  config: 'haproxy.cfg',
  newConfig: 'haproxy.cfg.new',
  failedConfig: 'haproxy.cfg.new-failed',
  /** master PID, written by haproxy itself (-p) */
  masterPid: 'haproxy.pid',
  /** PIDs of the current workers, one per line, written by the agent after each start/reload */
  workerPids: 'workers.pid',
  masterSocket: 'master.sock',
  log: 'haproxy.log',
  /** "started" or "stopped": what the controller last asked for; decides what a restarted agent does */
  desiredState: 'desired-state',
} as const;

const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 15_000;

export class HaproxyError extends Error {
  override readonly name = 'HaproxyError';
  constructor(
    message: string,
    readonly output: string,
  ) {
    super(message);
  }
}

/** Adds processes to the amphora's process registry (common/process-registry.ts). */
export type RecordProcesses = (processes: readonly { readonly pid: number; readonly role: string }[]) => void;

export class HaproxyInstance {
  private masterPid: number | null = null;

  constructor(
    readonly lbId: string,
    readonly dir: string,
    private readonly haproxyCmd: string,
    private readonly log: Logger,
    private readonly record: RecordProcesses = () => undefined,
  ) {}

  private file(name: keyof typeof LB_FILES): string {
    return join(this.dir, LB_FILES[name]);
  }

  get pid(): number | null {
    return this.masterPid !== null && isAlive(this.masterPid) ? this.masterPid : null;
  }

  isRunning(): boolean {
    return this.pid !== null;
  }

  masterSocketPath(): string {
    return this.file('masterSocket');
  }

  async desiredState(): Promise<'started' | 'stopped'> {
    try {
      return (await readFile(this.file('desiredState'), 'utf8')).trim() === 'started' ? 'started' : 'stopped';
    } catch {
      return 'stopped';
    }
  }

  private async setDesiredState(state: 'started' | 'stopped'): Promise<void> {
    await writeFile(this.file('desiredState'), `${state}\n`);
  }

  /** Takes over a HAProxy a previous agent started (its PID file names a live haproxy using this config). */
  async adopt(): Promise<boolean> {
    const pid = await readPidFile(this.file('masterPid'));
    if (pid === null || !isAlive(pid)) return false;
    const argv = await commandLine(pid);
    if (!argv?.some((a) => a.includes('haproxy')) || !argv.includes(LB_FILES.config)) return false;
    this.masterPid = pid;
    // a registry written by an older agent may lack them; workers come from the master CLI when it answers
    const procs = await this.processList().catch(() => null);
    this.recordMasterAndWorkers(pid, procs?.workers ?? []);
    this.log.info({ lbId: this.lbId, pid }, 'adopted running haproxy');
    return true;
  }

  async start(): Promise<void> {
    await this.setDesiredState('started');
    if (this.isRunning() || (await this.adopt())) return;
    await rm(this.file('masterSocket'), { force: true });
    const logFd = openSync(this.file('log'), 'a', 0o600);
    let exited: { code: number | null; signal: NodeJS.Signals | null } | null = null;
    try {
      // -W master-worker, -db stay in the foreground, -S master CLI; paths relative to the LB directory
      const child = spawn(
        this.haproxyCmd,
        ['-W', '-db', '-f', LB_FILES.config, '-p', LB_FILES.masterPid, '-S', `unix@${LB_FILES.masterSocket}`],
        { cwd: this.dir, stdio: ['ignore', logFd, logFd] },
      );
      child.once('exit', (code, signal) => {
        exited = { code, signal };
        if (this.masterPid === child.pid) this.log.warn({ lbId: this.lbId, pid: child.pid, code, signal }, 'haproxy exited');
      });
      child.once('error', (err) => {
        exited = { code: -1, signal: null };
        this.log.error({ lbId: this.lbId, err }, 'haproxy could not be started');
      });
      this.masterPid = child.pid ?? null;
      // at once, before the workers exist: an agent that dies during the start leaves a master someone must stop
      if (this.masterPid !== null) this.recordMasterAndWorkers(this.masterPid, []);
    } finally {
      closeSync(logFd);
    }
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      if (exited !== null || this.masterPid === null) {
        this.masterPid = null;
        throw new HaproxyError(`haproxy for ${this.lbId} exited during start`, await this.logTail());
      }
      const procs = await this.processList().catch(() => null);
      if (procs && procs.workers.length > 0) {
        await this.recordWorkers(procs);
        this.log.info({ lbId: this.lbId, pid: this.masterPid, workers: procs.workers }, 'haproxy started');
        return;
      }
      if (Date.now() > deadline) throw new HaproxyError(`haproxy for ${this.lbId} did not start`, await this.logTail());
      await sleep(50);
    }
  }

  /** Hitless reload; starts HAProxy when it is not running (Octavia: a reload of a stopped LB is a start). */
  async reload(): Promise<void> {
    const pid = this.pid ?? ((await this.adopt()) ? this.pid : null);
    if (pid === null) return this.start();
    await this.setDesiredState('started');
    const before = await this.processList();
    process.kill(pid, 'SIGUSR2');
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      await sleep(50);
      const now = await this.processList().catch(() => null);
      if (now && now.failedReloads > before.failedReloads) {
        throw new HaproxyError(`haproxy for ${this.lbId} failed to reload`, await this.logTail());
      }
      const fresh = now?.workers.filter((w) => !before.workers.includes(w)) ?? [];
      if (now && now.reloads > before.reloads && fresh.length > 0) {
        await this.recordWorkers(now);
        this.log.info({ lbId: this.lbId, workers: now.workers, finishing: now.oldWorkers }, 'haproxy reloaded');
        return;
      }
      if (!this.isRunning()) throw new HaproxyError(`haproxy for ${this.lbId} exited during reload`, await this.logTail());
      if (Date.now() > deadline) throw new HaproxyError(`haproxy for ${this.lbId} did not reload`, await this.logTail());
    }
  }

  /** Stops the master and every worker it had (by PID), then forgets the PID files. */
  async stop(): Promise<void> {
    await this.setDesiredState('stopped');
    const pid = this.pid ?? ((await this.adopt()) ? this.pid : null);
    if (pid !== null) {
      const procs = await this.processList().catch(() => null);
      const workers = [...(procs?.workers ?? []), ...(procs?.oldWorkers ?? []), ...(await this.recordedWorkers())];
      process.kill(pid, 'SIGTERM'); // master-worker: hard stop of master and workers
      if (!(await waitForExit(pid, STOP_TIMEOUT_MS))) {
        this.log.warn({ lbId: this.lbId, pid }, 'haproxy ignored SIGTERM; killing it');
        process.kill(pid, 'SIGKILL');
        await waitForExit(pid, STOP_TIMEOUT_MS);
      }
      for (const worker of new Set(workers)) {
        if (isAlive(worker) && (await commandLine(worker))?.includes(LB_FILES.config)) process.kill(worker, 'SIGKILL');
      }
      this.log.info({ lbId: this.lbId, pid }, 'haproxy stopped');
    }
    this.masterPid = null;
    await Promise.all(['masterPid', 'workerPids', 'masterSocket'].map((f) => rm(this.file(f as keyof typeof LB_FILES), { force: true })));
  }

  processList(): Promise<ProcessList> {
    return showProc(this.masterSocketPath());
  }

  private async recordWorkers(procs: ProcessList): Promise<void> {
    if (this.masterPid !== null) this.recordMasterAndWorkers(this.masterPid, procs.workers);
    await writeFile(this.file('workerPids'), procs.workers.map((w) => `${w}\n`).join(''));
  }

  private recordMasterAndWorkers(master: number, workers: readonly number[]): void {
    try {
      this.record([
        { pid: master, role: `haproxy-master ${this.lbId}` },
        ...workers.map((pid) => ({ pid, role: `haproxy-worker ${this.lbId}` })),
      ]);
    } catch (err) {
      // the process group still covers them; only an escaped process would be missed
      this.log.error({ lbId: this.lbId, err }, 'could not write the process registry');
    }
  }

  private async recordedWorkers(): Promise<number[]> {
    try {
      return (await readFile(this.file('workerPids'), 'utf8'))
        .split('\n')
        .map(Number)
        .filter((n) => Number.isInteger(n) && n > 1);
    } catch {
      return [];
    }
  }

  private async logTail(): Promise<string> {
    try {
      return (await readFile(this.file('log'), 'utf8')).slice(-4000);
    } catch {
      return '';
    }
  }
}

// compute_driver = process: an amphora is a detached process group on this machine (the amphora agent, and the
// HAProxy it starts), with its own state directory and a management address from 127.79.0.0/16. The instance lives
// on disk (instance.json, PID, files), not in this process, so amphorae keep serving when the controller stops and
// a restarted controller (or another worker process) finds them again: that is the re-adoption. Delete ends every
// process of the amphora (process-reaper.ts), also when its agent died and left HAProxy running.
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { identify, isSameProcess } from '../../common/process-registry.js';
import { agentLayout } from '../../contracts/agent-api.js';
import type { AmphoraBuildRequest, ComputeDriver, ComputeInstance } from './compute-driver.js';
import { allocateManagementIp, releaseManagementIp } from './process-management-ip.js';
import { isAlive } from './process-group.js';
import { endAmphoraProcesses } from './process-reaper.js';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface ProcessComputeOptions {
  /** one directory per amphora under it */
  readonly baseDir: string;
  /** argv that starts the agent; the driver appends `--config-file <controller part> --config-file <host part>` */
  readonly agentCommand: readonly string[];
  readonly agentPort: number;
  readonly haproxyCmd: string;
  /** management network, a /16 inside 127.0.0.0/8 */
  readonly managementCidr: string;
}

/** What the driver keeps on disk per amphora (instance.json). */
interface InstanceRecord {
  amphoraId: string;
  lbNetworkIp: string;
  pid: number;
  /** the agent's start time (/proc/<pid>/stat), its identity with the PID; absent in records of older versions */
  pidStart?: string;
  startedAt: string;
}

export class ProcessComputeDriver implements ComputeDriver {
  readonly name = 'process';
  private readonly exitListeners: ((computeId: string) => void)[] = [];
  /** instances being deleted: their exit is expected */
  private readonly deleting = new Set<string>();
  private agentExits = 0;

  constructor(private readonly opts: ProcessComputeOptions) {
    mkdirSync(opts.baseDir, { recursive: true, mode: 0o700 });
  }

  /**
   * Exits of agents this driver started, deliberate (a delete) or not: that an exit was not reported means something
   * only once the driver has seen it.
   */
  get exitsSeen(): number {
    return this.agentExits;
  }

  private dirOf(id: string): string {
    // ids become paths: only a UUID may
    if (!UUID_RE.test(id)) throw new Error(`not an amphora id: ${JSON.stringify(id)}`);
    return join(this.opts.baseDir, id);
  }

  /** Whether the agent the record names still runs (a reused PID is another process). */
  private agentAlive(id: string, record: InstanceRecord): boolean {
    return record.pidStart !== undefined ? isSameProcess({ pid: record.pid, start: record.pidStart }) : isAlive(record.pid, this.dirOf(id));
  }

  private read(id: string): InstanceRecord | null {
    try {
      return JSON.parse(readFileSync(join(this.dirOf(id), 'instance.json'), 'utf8')) as InstanceRecord;
    } catch {
      return null;
    }
  }

  async build(request: AmphoraBuildRequest): Promise<string> {
    const id = request.amphoraId;
    const existing = this.read(id);
    if (existing && this.agentAlive(id, existing)) return id;
    if (existing) await this.delete(id);

    const dir = this.dirOf(id);
    mkdirSync(join(dir, 'state'), { recursive: true, mode: 0o700 });
    const lbNetworkIp = allocateManagementIp(this.opts.baseDir, this.opts.managementCidr, id);
    const files = {
      serverPem: join(dir, 'server.pem'),
      clientCa: join(dir, 'client_ca.pem'),
      controllerConf: join(dir, 'amphora-agent.conf'),
      hostConf: join(dir, 'host.conf'),
      log: join(dir, 'agent.log'),
    };
    writeFileSync(files.serverPem, `${request.serverCertPem.trimEnd()}\n${request.serverKeyPem.trimEnd()}\n`, { mode: 0o600 });
    writeFileSync(files.clientCa, request.clientCaPem, { mode: 0o600 });
    writeFileSync(files.controllerConf, request.agentConfig, { mode: 0o600 });
    // the host-side part of the agent's configuration: what only the machine that runs the amphora knows
    writeFileSync(
      files.hostConf,
      [
        '[amphora_agent]',
        `amphora_id = ${id}`,
        `bind_host = ${lbNetworkIp}`,
        `bind_port = ${this.opts.agentPort}`,
        `base_path = ${join(dir, 'state')}`,
        `agent_server_cert = ${files.serverPem}`,
        `agent_server_ca = ${files.clientCa}`,
        `haproxy_cmd = ${this.opts.haproxyCmd}`,
        '',
      ].join('\n'),
      { mode: 0o600 },
    );
    const [cmd, ...args] = this.opts.agentCommand;
    if (!cmd) throw new Error('[process_compute] agent_command is empty');
    const logFd = openSync(files.log, 'a', 0o600);
    try {
      // detached: the agent leads a new process group (HAProxy joins it), outside the controller's: a controller
      // that stops or dies leaves the amphora serving
      const child = spawn(cmd, [...args, '--config-file', files.controllerConf, '--config-file', files.hostConf], {
        cwd: dir,
        detached: true,
        stdio: ['ignore', logFd, logFd],
        env: withoutOctaviaEnv(process.env),
      });
      if (child.pid === undefined) throw new Error(`could not start the agent of amphora ${id}`);
      child.unref();
      // the builder is the agent's parent while it lives: it learns of a crash at once, long before heartbeats
      // go stale (amphorae built by an earlier controller are watched by heartbeats only)
      child.once('exit', () => {
        this.agentExits++;
        if (this.deleting.has(id)) return;
        for (const listener of this.exitListeners) listener(id);
      });
      const start = identify(child.pid)?.start;
      const record: InstanceRecord = {
        amphoraId: id,
        lbNetworkIp,
        pid: child.pid,
        ...(start !== undefined ? { pidStart: start } : {}),
        startedAt: new Date().toISOString(),
      };
      writeFileSync(join(dir, 'instance.json'), JSON.stringify(record), { mode: 0o600 });
    } finally {
      closeSync(logFd);
    }
    return id;
  }

  async getInstance(computeId: string): Promise<ComputeInstance | null> {
    const record = this.read(computeId);
    if (!record) return null;
    return {
      computeId,
      status: this.agentAlive(computeId, record) ? 'ACTIVE' : 'ERROR',
      lbNetworkIp: record.lbNetworkIp,
      imageId: 'process',
      computeFlavor: 'process',
      zone: 'local',
    };
  }

  async delete(computeId: string): Promise<void> {
    const dir = this.dirOf(computeId);
    const record = this.read(computeId);
    this.deleting.add(computeId);
    try {
      if (record) {
        // throws when anything survives: the directory (its registry) and the address stay for the retry
        await endAmphoraProcesses({
          agent: { pid: record.pid, ...(record.pidStart !== undefined ? { start: record.pidStart } : {}) },
          dir,
          registryFile: agentLayout.processRegistry(join(dir, 'state')),
        });
        releaseManagementIp(this.opts.baseDir, record.lbNetworkIp, computeId);
      }
      rmSync(dir, { recursive: true, force: true });
    } finally {
      // the exit event of a stopped agent may come after the reaper saw the group empty
      setTimeout(() => this.deleting.delete(computeId), 5000).unref();
    }
  }

  onInstanceExit(listener: (computeId: string) => void): void {
    this.exitListeners.push(listener);
  }
}

/** The agent reads only its own files: controller OCTAVIA__ overrides must not leak into it. */
function withoutOctaviaEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([k]) => !k.startsWith('OCTAVIA__')));
}

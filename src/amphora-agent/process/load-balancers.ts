// The load balancers on this amphora: their directories, configurations (checked before they replace the
// last-known-good one), HAProxy processes and TLS files. Operations on one load balancer run one at a time.
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import type { Logger } from 'pino';
import { agentLayout, type AgentListenerStats, type AgentListenerStatus, type LbAction } from '../../contracts/agent-api.js';
import { PING_WRAPPER_FILE, PING_WRAPPER_SCRIPT, SERVER_STATE_FILE } from '../../contracts/haproxy-files.js';
import { checkHaproxyConfig } from './haproxy-command.js';
import { scanHaproxyConfig } from './haproxy-config-scan.js';
import { HaproxyInstance, LB_FILES, type RecordProcesses } from './haproxy-instance.js';
import { readHaproxyStats } from './stats.js';
import { MAX_SOCKET_PATH, socketCommand } from './unix-socket.js';

export type UploadResult = { readonly ok: true; readonly etag: string } | { readonly ok: false; readonly output: string };

export const md5 = (data: string | Buffer): string => createHash('md5').update(data).digest('hex');

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

export class LoadBalancers {
  private readonly instances = new Map<string, HaproxyInstance>();
  private readonly queues = new Map<string, Promise<unknown>>();
  /** stats socket of each load balancer's running configuration (null: its config declares none) */
  private readonly statsSocketPaths = new Map<string, string | null>();

  constructor(
    private readonly basePath: string,
    private readonly haproxyCmd: string,
    private readonly log: Logger,
    private readonly record: RecordProcesses = () => undefined,
  ) {}

  private dir(lbId: string): string {
    return agentLayout.lbDir(this.basePath, lbId);
  }

  private instance(lbId: string): HaproxyInstance {
    let inst = this.instances.get(lbId);
    if (!inst) {
      inst = new HaproxyInstance(lbId, this.dir(lbId), this.haproxyCmd, this.log, this.record);
      this.instances.set(lbId, inst);
    }
    return inst;
  }

  /** Runs `job` after every earlier job of the same load balancer (callers validated `lbId`). */
  private serial<T>(lbId: string, job: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(lbId) ?? Promise.resolve();
    const next = previous.then(job, job);
    const settled = next.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(lbId, settled);
    void settled.then(() => {
      if (this.queues.get(lbId) === settled) this.queues.delete(lbId);
    });
    return next;
  }

  async ids(): Promise<string[]> {
    const entries = await readdir(agentLayout.lbRoot(this.basePath)).catch(() => [] as string[]);
    const withConfig = await Promise.all(entries.map(async (id) => ((await exists(join(this.dir(id), LB_FILES.config))) ? id : null)));
    return withConfig.filter((id): id is string => id !== null).sort();
  }

  exists(lbId: string): Promise<boolean> {
    return exists(join(this.dir(lbId), LB_FILES.config));
  }

  async config(lbId: string): Promise<string | null> {
    return readFile(join(this.dir(lbId), LB_FILES.config), 'utf8').catch(() => null);
  }

  /** Writes haproxy.cfg.new, checks it with `haproxy -c`, and only then renames it over haproxy.cfg. */
  uploadConfig(lbId: string, text: string): Promise<UploadResult> {
    return this.serial(lbId, async () => {
      const dir = this.dir(lbId);
      await mkdir(dir, { recursive: true, mode: 0o750 });
      // files a rendered configuration refers to (relative to this directory): the PING check script, and the
      // server-state file HAProxy reads at start (`1` is its empty format; reloads fill it, see saveServerState)
      await writeFile(join(dir, PING_WRAPPER_FILE), PING_WRAPPER_SCRIPT, { mode: 0o755 });
      if (!(await exists(join(dir, SERVER_STATE_FILE)))) await writeFile(join(dir, SERVER_STATE_FILE), '1\n', { mode: 0o600 });
      const candidate = join(dir, LB_FILES.newConfig);
      await writeFile(candidate, text, { mode: 0o600 });
      const check = await checkHaproxyConfig(this.haproxyCmd, LB_FILES.newConfig, dir);
      if (!check.ok) {
        await rename(candidate, join(dir, LB_FILES.failedConfig));
        this.log.warn({ lbId, output: check.output }, 'rejected haproxy configuration; keeping the last known good one');
        return { ok: false, output: check.output };
      }
      await rename(candidate, join(dir, LB_FILES.config));
      await rm(join(dir, LB_FILES.failedConfig), { force: true });
      return { ok: true, etag: md5(text) };
    });
  }

  action(lbId: string, action: LbAction): Promise<void> {
    return this.serial(lbId, async () => {
      const inst = this.instance(lbId);
      if (action === 'stop') return inst.stop();
      if (action === 'reload' && inst.isRunning()) await this.saveServerState(lbId);
      await (action === 'start' ? inst.start() : inst.reload());
      await this.rememberStatsSocket(lbId);
    });
  }

  /**
   * Health and admin states of the servers survive a reload (Octavia saves `show servers state` before reloading):
   * a member found down stays down in the new worker instead of taking traffic until its first check fails.
   */
  private async saveServerState(lbId: string): Promise<void> {
    const socket = this.statsSocketPaths.get(lbId);
    if (!socket) return;
    try {
      const state = await socketCommand(socket, 'show servers state');
      await writeFile(join(this.dir(lbId), SERVER_STATE_FILE), state, { mode: 0o600 });
    } catch (err) {
      // a reload without the saved state still works: servers start as the new configuration says
      this.log.warn({ lbId, err: (err as Error).message }, 'could not save the server state before a reload');
    }
  }

  private async rememberStatsSocket(lbId: string): Promise<void> {
    const socket = scanHaproxyConfig((await this.config(lbId)) ?? '').statsSocket;
    this.statsSocketPaths.set(lbId, socket === null ? null : isAbsolute(socket) ? socket : join(this.dir(lbId), socket));
  }

  /**
   * Stats sockets of the running load balancers (for the heartbeat sender, which asks before every beat). A path
   * too long for a socket address is given relative to base_path, the agent's working directory (agent.ts).
   */
  statsSockets(): string[] {
    return [...this.statsSocketPaths]
      .filter(([id, path]) => path !== null && this.isRunning(id))
      .map(([, path]) => path as string)
      .map((path) =>
        Buffer.byteLength(path) > MAX_SOCKET_PATH && path.startsWith(`${this.basePath}/`) ? relative(this.basePath, path) : path,
      );
  }

  /** Stops HAProxy and removes the load balancer's directory and certificates (no error when absent). */
  remove(lbId: string): Promise<void> {
    return this.serial(lbId, async () => {
      if (await exists(this.dir(lbId))) await this.instance(lbId).stop();
      this.instances.delete(lbId);
      this.statsSocketPaths.delete(lbId);
      await rm(this.dir(lbId), { recursive: true, force: true });
      await rm(agentLayout.certDir(this.basePath, lbId), { recursive: true, force: true });
    });
  }

  isRunning(lbId: string): boolean {
    return this.instances.get(lbId)?.isRunning() ?? false;
  }

  async runningCount(): Promise<number> {
    return (await this.ids()).filter((id) => this.isRunning(id)).length;
  }

  /** One entry per frontend of every configured load balancer. */
  async listenerStatuses(): Promise<AgentListenerStatus[]> {
    const out: AgentListenerStatus[] = [];
    for (const lbId of await this.ids()) {
      const text = await this.config(lbId);
      if (text === null) continue;
      const status = this.isRunning(lbId) ? 'ACTIVE' : 'OFFLINE';
      for (const fe of scanHaproxyConfig(text).frontends) out.push({ status, uuid: fe.name, type: fe.type });
    }
    return out;
  }

  /** Frontend statistics of every running load balancer (its stats socket, or its master CLI when it has none). */
  async stats(): Promise<AgentListenerStats[]> {
    const out: AgentListenerStats[] = [];
    for (const lbId of await this.ids()) {
      const inst = this.instances.get(lbId);
      if (!inst?.isRunning()) continue;
      const socket = this.statsSocketPaths.get(lbId) ?? null;
      try {
        out.push(...(socket ? await readHaproxyStats(socket) : await readHaproxyStats(inst.masterSocketPath(), { viaMaster: true })));
      } catch (err) {
        this.log.warn({ lbId, err }, 'could not read haproxy statistics');
      }
    }
    return out;
  }

  /** After an agent restart: adopt live HAProxy processes, restart dead ones that should run. */
  async adoptAll(): Promise<void> {
    for (const lbId of await this.ids()) {
      await this.serial(lbId, async () => {
        const inst = this.instance(lbId);
        await this.rememberStatsSocket(lbId);
        if (await inst.adopt()) return;
        if ((await inst.desiredState()) !== 'started') return;
        this.log.info({ lbId }, 'haproxy not running; starting it from the last known good configuration');
        await inst.start().catch((err) => this.log.error({ lbId, err }, 'could not restart haproxy'));
      });
    }
  }

  // ---- TLS files (<base>/certs/<lb_id>/<filename>, mode 0600) ----

  async putCertificate(lbId: string, filename: string, pem: Buffer): Promise<string> {
    const dir = agentLayout.certDir(this.basePath, lbId);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const tmp = join(dir, `.${filename}.tmp`);
    await writeFile(tmp, pem, { mode: 0o600 });
    await rename(tmp, join(dir, filename));
    return md5(pem);
  }

  async certificateMd5(lbId: string, filename: string): Promise<string | null> {
    const data = await readFile(agentLayout.certFile(this.basePath, lbId, filename)).catch(() => null);
    return data === null ? null : md5(data);
  }

  async deleteCertificate(lbId: string, filename: string): Promise<void> {
    await rm(agentLayout.certFile(this.basePath, lbId, filename), { force: true });
  }
}

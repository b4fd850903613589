// Helpers for end-to-end tests on real amphorae: build a whole load balancer graph in one POST, find its amphorae,
// their process groups and directories, and the processes that still mention a directory.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { isSameProcess, readProcessRegistry, type RecordedProcess } from '../../src/common/process-registry.js';
import { agentLayout } from '../../src/contracts/agent-api.js';
import { groupMembers } from '../../src/drivers/compute/process-group.js';
import { LOOPBACK_SUBNET_ID } from '../../src/drivers/network/loopback.js';
import type { TestApi } from './api-harness.js';
import type { Backend } from './backends.js';

export interface Graph {
  readonly lbId: string;
  readonly listenerId: string;
  readonly poolId: string;
  readonly memberIds: string[];
  readonly vip: string;
  readonly port: number;
  readonly url: string;
}

export interface GraphOptions {
  readonly port: number;
  readonly name?: string;
  /** an HTTP monitor with these settings; none when omitted */
  readonly monitor?: { delay: number; timeout: number; max_retries: number; max_retries_down?: number };
  /** per member, in the order of the backends */
  readonly adminStateUp?: boolean[];
  readonly timeoutMs?: number;
}

/** POSTs LB + HTTP listener + ROUND_ROBIN pool + members (+ monitor) in one request and waits for ACTIVE. */
export async function createGraph(api: TestApi, backends: readonly Backend[], opts: GraphOptions): Promise<Graph> {
  const res = await api.post('/v2/lbaas/loadbalancers', {
    loadbalancer: {
      name: opts.name ?? 'e2e',
      vip_subnet_id: LOOPBACK_SUBNET_ID,
      listeners: [
        {
          protocol: 'HTTP',
          protocol_port: opts.port,
          default_pool: {
            name: `${opts.name ?? 'e2e'}-pool`,
            protocol: 'HTTP',
            lb_algorithm: 'ROUND_ROBIN',
            members: backends.map((b, i) => ({
              name: b.name,
              address: b.host,
              protocol_port: b.port,
              admin_state_up: opts.adminStateUp?.[i] ?? true,
            })),
            ...(opts.monitor ? { healthmonitor: { type: 'HTTP', url_path: '/', ...opts.monitor } } : {}),
          },
        },
      ],
    },
  });
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${res.text}`);
  const lbId = res.body.loadbalancer.id as string;
  const lb = (
    await api.waitFor(
      `/v2/lbaas/loadbalancers/${lbId}`,
      (b) => !b.loadbalancer.provisioning_status.startsWith('PENDING'),
      opts.timeoutMs ?? 60_000,
    )
  ).loadbalancer;
  if (lb.provisioning_status !== 'ACTIVE') throw new Error(`load balancer ${lbId} is ${lb.provisioning_status}`);
  const listenerId = lb.listeners[0].id as string;
  const listener = (await api.get(`/v2/lbaas/listeners/${listenerId}`)).body.listener;
  const poolId = listener.default_pool_id as string;
  const members = (await api.get(`/v2/lbaas/pools/${poolId}/members`)).body.members as { id: string; name: string }[];
  const memberIds = backends.map((b) => members.find((m) => m.name === b.name)!.id);
  const vip = lb.vip_address as string;
  return { lbId, listenerId, poolId, memberIds, vip, port: opts.port, url: `http://${vip}:${opts.port}/` };
}

export interface LiveAmphora {
  readonly id: string;
  readonly computeId: string;
  readonly lbNetworkIp: string;
}

export async function allocatedAmphorae(api: TestApi, lbId: string): Promise<LiveAmphora[]> {
  const rows = await api.runtime.database.db
    .selectFrom('amphora')
    .select(['id', 'compute_id', 'lb_network_ip'])
    .where('load_balancer_id', '=', lbId)
    .where('status', '=', 'ALLOCATED')
    .execute();
  return rows.map((r) => ({ id: r.id, computeId: r.compute_id ?? '', lbNetworkIp: r.lb_network_ip ?? '' }));
}

/** The amphora's directory under the process compute driver's base directory. */
export function amphoraDir(stateDir: string, computeId: string): string {
  return join(stateDir, 'amphorae', computeId);
}

/** The PID the process compute driver recorded: the leader of the amphora's process group. */
export function amphoraPid(stateDir: string, computeId: string): number {
  return (JSON.parse(readFileSync(join(amphoraDir(stateDir, computeId), 'instance.json'), 'utf8')) as { pid: number }).pid;
}

/** What the amphora's agent wrote to its process registry: itself and every HAProxy master and worker. */
export function amphoraRegistry(stateDir: string, computeId: string): RecordedProcess[] {
  return readProcessRegistry(agentLayout.processRegistry(join(amphoraDir(stateDir, computeId), 'state')));
}

/**
 * Every process an amphora had, as the test saw it while it ran: its registry entries, its group and what mentions
 * its directory. Call before the amphora goes; `alive()` then says which of them (same PID and start time) remain.
 */
export function amphoraProcesses(stateDir: string, computeId: string): { pgid: number; recorded: RecordedProcess[]; alive(): string[] } {
  const pgid = amphoraPid(stateDir, computeId);
  const dir = amphoraDir(stateDir, computeId);
  const recorded = amphoraRegistry(stateDir, computeId);
  return {
    pgid,
    recorded,
    alive: () => [
      ...recorded.filter(isSameProcess).map((p) => `${p.pid} (${p.role})`),
      ...groupMembers(pgid).map((pid) => `${pid} (group ${pgid})`),
      ...processesMentioning(dir).map((p) => `${p.pid} (${p.cmdline.trim()})`),
    ],
  };
}

/** Whether a TCP connection to host:port is refused (nothing listens there any more). */
export function connectionRefused(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'ECONNREFUSED'));
  });
}

/**
 * Live (non-zombie) processes of an amphora directory: the command line names it (the agent) or the working
 * directory is inside it (HAProxy, started there with relative file names).
 */
export function processesMentioning(dir: string): { pid: number; pgid: number; cmdline: string }[] {
  const found: { pid: number; pgid: number; cmdline: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ');
      let cwd = '';
      try {
        cwd = readlinkSync(`/proc/${entry}/cwd`);
      } catch {
        // not ours to read, or gone
      }
      if (!cmdline.includes(dir) && cwd !== dir && !cwd.startsWith(`${dir}/`)) continue;
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (state === 'Z') continue;
      found.push({ pid: Number(entry), pgid: Number(pgrp), cmdline });
    } catch {
      // exited while we looked
    }
  }
  return found;
}

export interface StatusTree {
  operating_status: string;
  provisioning_status: string;
  listeners: {
    id: string;
    operating_status: string;
    pools: { id: string; operating_status: string; members: { id: string; operating_status: string }[] }[];
  }[];
}

export async function statusTree(api: TestApi, lbId: string): Promise<StatusTree> {
  const res = await api.get(`/v2/lbaas/loadbalancers/${lbId}/status`);
  if (res.status !== 200) throw new Error(`status: ${res.status} ${res.text}`);
  return res.body.statuses.loadbalancer as StatusTree;
}

/** Operating statuses as one flat record: lb, listener, pool and each member by id. */
export function flatStatuses(tree: StatusTree): Record<string, string> {
  const out: Record<string, string> = { lb: tree.operating_status };
  const listener = tree.listeners[0];
  if (listener) {
    out.listener = listener.operating_status;
    const pool = listener.pools[0];
    if (pool) {
      out.pool = pool.operating_status;
      for (const m of pool.members) out[m.id] = m.operating_status;
    }
  }
  return out;
}

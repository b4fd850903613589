// Octavia's driver-agent role: the one entry point through which provider drivers report provisioning and
// operating statuses. A DELETED status removes child objects and soft-deletes a load balancer (releasing its
// VIP when Octavia owns the port) and counts the project's quota usage again, as Octavia's driver_updater does.
import type { Logger } from 'pino';
import type { Db } from '../db/connection.js';
import { deleteHealthMonitor } from '../db/repositories/health-monitors.js';
import { deleteL7Policies } from '../db/repositories/l7policies.js';
import { deleteL7Rules } from '../db/repositories/l7rules.js';
import { deleteListener } from '../db/repositories/listeners.js';
import { getLoadBalancer } from '../db/repositories/load-balancers.js';
import { deleteMembers } from '../db/repositories/members.js';
import { deletePool } from '../db/repositories/pools.js';
import { projectsOwning, withQuotaRecount } from '../db/repositories/quotas.js';
import { setObjectStatuses } from '../db/repositories/status-locks.js';
import type { NetworkDriver } from '../drivers/network/network-driver.js';

export interface StatusEntry {
  id: string;
  provisioning_status?: string;
  operating_status?: string;
}

export interface StatusReport {
  loadbalancers?: StatusEntry[];
  listeners?: StatusEntry[];
  pools?: StatusEntry[];
  members?: StatusEntry[];
  healthmonitors?: StatusEntry[];
  l7policies?: StatusEntry[];
  l7rules?: StatusEntry[];
}

type Table = 'member' | 'health_monitor' | 'pool' | 'l7rule' | 'l7policy' | 'listener';

const DELETERS: Record<Table, (db: Db, id: string) => Promise<void>> = {
  member: (db, id) => deleteMembers(db, [id]),
  health_monitor: deleteHealthMonitor,
  pool: deletePool,
  l7rule: (db, id) => deleteL7Rules(db, [id]),
  l7policy: (db, id) => deleteL7Policies(db, [id]),
  listener: deleteListener,
};

export class StatusUpdater {
  constructor(
    private readonly db: Db,
    private readonly network: NetworkDriver,
    private readonly log: Logger,
  ) {}

  /** Applies a report in one transaction, children before parents (as Octavia's updater orders them). */
  async updateStatuses(report: StatusReport): Promise<void> {
    const vipsToRelease: { port_id: string | null; octavia_owned: boolean }[] = [];
    await withQuotaRecount(this.db, await this.projectsDeleting(report), async (tx) => {
      const steps: [Table, StatusEntry[] | undefined][] = [
        ['member', report.members],
        ['health_monitor', report.healthmonitors],
        ['l7rule', report.l7rules],
        ['l7policy', report.l7policies],
        ['listener', report.listeners],
        ['pool', report.pools],
      ];
      for (const [table, entries] of steps) {
        for (const entry of entries ?? []) await this.applyChild(tx, table, entry);
      }
      for (const entry of report.loadbalancers ?? []) {
        if (entry.provisioning_status === 'DELETED') {
          const lb = await getLoadBalancer(tx, entry.id);
          if (lb) vipsToRelease.push({ port_id: lb.vip.port_id, octavia_owned: lb.vip.octavia_owned });
        }
        const set = statusSet(entry);
        if (Object.keys(set).length > 0) {
          await setObjectStatuses(tx, 'load_balancer', entry.id, set);
        }
      }
    });
    for (const vip of vipsToRelease) {
      try {
        await this.network.deallocateVip(vip);
      } catch (err) {
        this.log.error({ err, port_id: vip.port_id }, 'failed to release VIP port of a deleted load balancer');
      }
    }
  }

  /** The projects whose objects this report deletes: their quota usage is counted again in the same transaction. */
  private async projectsDeleting(report: StatusReport): Promise<string[]> {
    const deleted = (entries: StatusEntry[] | undefined) =>
      (entries ?? []).filter((e) => e.provisioning_status === 'DELETED').map((e) => e.id);
    const tables: [Parameters<typeof projectsOwning>[1], StatusEntry[] | undefined][] = [
      ['load_balancer', report.loadbalancers],
      ['listener', report.listeners],
      ['pool', report.pools],
      ['member', report.members],
      ['health_monitor', report.healthmonitors],
      ['l7policy', report.l7policies],
      ['l7rule', report.l7rules],
    ];
    const projects: string[] = [];
    for (const [table, entries] of tables) projects.push(...(await projectsOwning(this.db, table, deleted(entries))));
    return projects;
  }

  private async applyChild(tx: Db, table: Table, entry: StatusEntry): Promise<void> {
    if (entry.provisioning_status === 'DELETED') {
      await DELETERS[table](tx, entry.id);
      return;
    }
    const set = statusSet(entry);
    if (Object.keys(set).length === 0) return;
    await setObjectStatuses(tx, table, entry.id, set);
  }
}

function statusSet(entry: StatusEntry): { provisioning_status?: string; operating_status?: string } {
  const set: { provisioning_status?: string; operating_status?: string } = {};
  if (entry.provisioning_status) set.provisioning_status = entry.provisioning_status;
  if (entry.operating_status) set.operating_status = entry.operating_status;
  return set;
}

// GET /loadbalancers/{id}/status: the operating/provisioning status tree of Octavia's StatusController.
import type { Db } from '../../../db/connection.js';
import type { LoadBalancer } from '../../../db/models.js';
import { loadHealthMonitors } from '../../../db/repositories/health-monitors.js';
import { loadL7Policies } from '../../../db/repositories/l7policies.js';
import { loadListeners } from '../../../db/repositories/listeners.js';
import { loadMembers } from '../../../db/repositories/members.js';
import { loadPools } from '../../../db/repositories/pools.js';
import type { Pool } from '../../../db/models.js';
import { text } from '../common/render.js';
import type { StatusPoolView, StatusView } from './response.js';

export async function statusTree(db: Db, lb: LoadBalancer): Promise<StatusView> {
  const listeners = await loadListeners(db, lb.listener_ids);
  const pools = new Map((await loadPools(db, lb.pool_ids)).map((p) => [p.id, p]));
  const renderedPools = new Map<string, StatusPoolView>();
  const renderPool = async (pool: Pool) => {
    const cached = renderedPools.get(pool.id);
    if (cached) return cached;
    const members = await loadMembers(db, pool.member_ids);
    const [hm] = pool.health_monitor_id ? await loadHealthMonitors(db, [pool.health_monitor_id]) : [];
    const out: StatusPoolView = {
      id: pool.id,
      name: text(pool.name),
      provisioning_status: pool.provisioning_status,
      operating_status: pool.operating_status,
      ...(hm
        ? {
            health_monitor: {
              id: hm.id,
              name: text(hm.name),
              type: hm.type,
              provisioning_status: hm.provisioning_status,
              operating_status: hm.operating_status,
            },
          }
        : {}),
      members: members.map((m) => ({
        id: m.id,
        name: text(m.name),
        operating_status: m.operating_status,
        provisioning_status: m.provisioning_status,
        address: m.ip_address,
        protocol_port: m.protocol_port,
      })),
    };
    renderedPools.set(pool.id, out);
    return out;
  };
  const renderedListeners = [];
  for (const l of listeners) {
    // a listener's pools: its default pool, then redirect pools of enabled policies that have rules
    const poolIds: string[] = [];
    if (l.default_pool_id) poolIds.push(l.default_pool_id);
    for (const p of await loadL7Policies(db, l.l7policy_ids)) {
      if (p.enabled && p.rule_ids.length > 0 && p.redirect_pool_id && !poolIds.includes(p.redirect_pool_id)) {
        poolIds.push(p.redirect_pool_id);
      }
    }
    const listenerPools = [];
    for (const id of poolIds) {
      const pool = pools.get(id);
      if (pool) listenerPools.push(await renderPool(pool));
    }
    renderedListeners.push({
      id: l.id,
      name: text(l.name),
      operating_status: l.operating_status,
      provisioning_status: l.provisioning_status,
      pools: listenerPools,
    });
  }
  return {
    statuses: {
      loadbalancer: {
        id: lb.id,
        name: text(lb.name),
        operating_status: lb.operating_status,
        provisioning_status: lb.provisioning_status,
        listeners: renderedListeners,
      },
    },
  };
}

// The 201 body of a load balancer create: children as full objects (Octavia's *FullResponse types).
import type { Db } from '../../../db/connection.js';
import type { LoadBalancer } from '../../../db/models.js';
import { loadHealthMonitors } from '../../../db/repositories/health-monitors.js';
import { loadL7Policies } from '../../../db/repositories/l7policies.js';
import { loadL7Rules } from '../../../db/repositories/l7rules.js';
import { loadListeners } from '../../../db/repositories/listeners.js';
import { loadMembers } from '../../../db/repositories/members.js';
import { loadPools } from '../../../db/repositories/pools.js';
import { renderHealthMonitor } from '../healthmonitors/view.js';
import { renderL7Policy } from '../l7policies/view.js';
import { renderL7Rule } from '../l7rules/view.js';
import { renderListener } from '../listeners/view.js';
import { renderMember } from '../members/view.js';
import { renderPool } from '../pools/view.js';
import type { LoadBalancerFullView } from './response.js';
import { renderLoadBalancer } from './view.js';

export async function renderFullLoadBalancer(db: Db, lb: LoadBalancer): Promise<LoadBalancerFullView> {
  const listeners = await loadListeners(db, lb.listener_ids);
  const pools = await loadPools(db, lb.pool_ids);
  const renderedListeners = [];
  for (const l of listeners) {
    const policies = await loadL7Policies(db, l.l7policy_ids);
    const fullPolicies = [];
    for (const p of policies) {
      const rules = await loadL7Rules(db, p.rule_ids);
      fullPolicies.push({ ...renderL7Policy(p), rules: rules.map(renderL7Rule) });
    }
    const { loadbalancers: _omit, ...rest } = renderListener(l);
    renderedListeners.push({ ...rest, l7policies: fullPolicies });
  }
  const renderedPools = [];
  for (const p of pools) {
    const members = await loadMembers(db, p.member_ids);
    const [hm] = p.health_monitor_id ? await loadHealthMonitors(db, [p.health_monitor_id]) : [];
    // PoolFullResponse: no loadbalancers and no healthmonitor_id (the monitor is the full object itself); a pool
    // without one renders healthmonitor null. (Octavia 11 renders null even for a pool that has a monitor, as its
    // from_data_model reads the unexpanded relation; the rewrite upstream renders the object, as we do.)
    const { loadbalancers: _omit, healthmonitor_id: _id, ...rest } = renderPool(p);
    renderedPools.push({ ...rest, members: members.map(renderMember), healthmonitor: hm ? renderHealthMonitor(hm, true) : null });
  }
  return { ...renderLoadBalancer(lb), listeners: renderedListeners, pools: renderedPools };
}

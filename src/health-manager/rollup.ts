// What one heartbeat means for the operating statuses of its load balancer, by the rules of Octavia's
// UpdateHealthDb._update_health / _process_pool_status (octavia-amphora.md §5.1). Pure: the caller loads the
// current values (HealthGraph) and writes what comes back, which holds only values that differ from the current ones.
import type { HeartbeatMessage, HeartbeatPool } from '../contracts/heartbeat.js';
import type { HealthGraph, PoolGraph } from '../db/health-graph.js';

export interface StatusUpdates {
  loadBalancer: string | null;
  readonly listeners: Map<string, string>;
  readonly pools: Map<string, string>;
  readonly members: Map<string, string>;
  /** statuses the rules do not know (Octavia logs them and leaves the object alone) */
  readonly unknown: string[];
}

/**
 * Whether the heartbeat refreshes amphora_health.last_update: only when it reports as many listeners as the load
 * balancer has enabled ones, a count Octavia ignores while the load balancer is PENDING_* or disabled (a
 * mismatching amphora goes stale and is failed over).
 */
export function refreshesHealth(graph: HealthGraph, message: HeartbeatMessage): { refresh: boolean; expected: number; found: number } {
  const found = Object.keys(message.listeners).length;
  let expected = 0;
  for (const listener of graph.listeners.values()) if (listener.enabled) expected++;
  const ignoreCount = graph.provisioningStatus.includes('PENDING') || !graph.enabled;
  return { refresh: ignoreCount || found === expected, expected, found };
}

/** "<pool_id>:<listener_id>" → "<pool_id>"; LVS pools are keyed by the pool id alone. */
export function normalizePoolKeys(raw: Readonly<Record<string, HeartbeatPool>>): Map<string, HeartbeatPool> {
  const out = new Map<string, HeartbeatPool>();
  for (const [key, pool] of Object.entries(raw)) {
    const at = key.lastIndexOf(':');
    out.set(at < 0 ? key : key.slice(0, at), pool);
  }
  return out;
}

export function rollUpStatuses(graph: HealthGraph, message: HeartbeatMessage): StatusUpdates {
  const updates: StatusUpdates = { loadBalancer: null, listeners: new Map(), pools: new Map(), members: new Map(), unknown: [] };
  const processedPools = new Set<string>();
  const potentialOffline = new Map<string, string>();
  // a heartbeat arrived: the load balancer is healthy until proven otherwise
  let lbStatus = graph.enabled ? 'ONLINE' : 'OFFLINE';

  const processPools = (reported: Map<string, HeartbeatPool>) => {
    for (const [poolId, dbPool] of graph.pools) {
      if (processedPools.has(poolId)) continue;
      const pool = reported.get(poolId);
      if (!pool) {
        potentialOffline.set(poolId, dbPool.operatingStatus);
        continue;
      }
      processedPools.add(poolId);
      lbStatus = processPool(poolId, dbPool, pool, lbStatus, updates);
    }
  };

  for (const [listenerId, dbListener] of graph.listeners) {
    const listener = Object.hasOwn(message.listeners, listenerId) ? message.listeners[listenerId] : undefined;
    let status: string | null = null;
    if (!listener) {
      status = dbListener.enabled && graph.provisioningStatus === 'ACTIVE' ? 'ERROR' : 'OFFLINE';
    } else if (listener.status === 'OPEN') {
      status = 'ONLINE';
    } else if (listener.status === 'FULL') {
      // HAProxy's frontend reached maxconn
      status = 'DEGRADED';
      if (lbStatus === 'ONLINE') lbStatus = 'DEGRADED';
    } else {
      updates.unknown.push(`listener ${listenerId} reported status ${listener.status}`);
    }
    if (status !== null && status !== dbListener.operatingStatus) updates.listeners.set(listenerId, status);
    // before version 2 every listener carried its own pools
    if (listener && message.ver < 2) processPools(normalizePoolKeys(listener.pools ?? {}));
  }
  if (message.ver >= 2) processPools(normalizePoolKeys(message.pools));

  for (const [poolId, current] of potentialOffline) {
    if (!processedPools.has(poolId) && current !== 'OFFLINE') updates.pools.set(poolId, 'OFFLINE');
  }
  if (lbStatus !== graph.operatingStatus) updates.loadBalancer = lbStatus;
  return updates;
}

function processPool(poolId: string, dbPool: PoolGraph, pool: HeartbeatPool, lbStatusIn: string, updates: StatusUpdates): string {
  let lbStatus = lbStatusIn;
  let poolStatus: string | null = null;
  if (pool.status === 'UP') {
    // HAProxy backend with working servers, or with none
    poolStatus = 'ONLINE';
  } else if (pool.status === 'DOWN') {
    poolStatus = 'ERROR';
    lbStatus = 'ERROR';
  } else {
    updates.unknown.push(`pool ${poolId} reported status ${pool.status}`);
  }
  for (const [memberId, dbMember] of dbPool.members) {
    let memberStatus: string | null = null;
    const reported = Object.hasOwn(pool.members, memberId) ? pool.members[memberId] : undefined;
    if (reported === undefined) {
      // not rendered into the amphora's configuration; NO_MONITOR members keep their status
      if (dbMember.operatingStatus !== 'NO_MONITOR') memberStatus = 'OFFLINE';
    } else if (reported.startsWith('UP')) {
      // "UP" or "UP 1/3" (transitional)
      memberStatus = 'ONLINE';
    } else if (reported.startsWith('DOWN')) {
      memberStatus = 'ERROR';
      if (poolStatus === 'ONLINE') {
        poolStatus = 'DEGRADED';
        if (lbStatus === 'ONLINE') lbStatus = 'DEGRADED';
      }
    } else if (reported === 'DRAIN') {
      memberStatus = 'DRAINING';
    } else if (reported === 'MAINT') {
      memberStatus = 'OFFLINE';
    } else if (reported === 'no check') {
      memberStatus = 'NO_MONITOR';
    } else if (reported !== 'RESTARTING') {
      // RESTARTING: keepalived's checker restarted, the real status is not known yet; keep the current one
      updates.unknown.push(`member ${memberId} reported status ${reported}`);
    }
    if (memberStatus !== null && memberStatus !== dbMember.operatingStatus) updates.members.set(memberId, memberStatus);
  }
  if (poolStatus !== null && poolStatus !== dbPool.operatingStatus) updates.pools.set(poolId, poolStatus);
  return lbStatus;
}

/** The graph as it is once `updates` are written: a second amphora of the load balancer is compared with it. */
export function withUpdates(graph: HealthGraph, updates: StatusUpdates): HealthGraph {
  if (updates.loadBalancer === null && updates.listeners.size === 0 && updates.pools.size === 0 && updates.members.size === 0) return graph;
  return {
    ...graph,
    operatingStatus: updates.loadBalancer ?? graph.operatingStatus,
    listeners: new Map(
      [...graph.listeners].map(([id, l]) => [id, { ...l, operatingStatus: updates.listeners.get(id) ?? l.operatingStatus }]),
    ),
    pools: new Map(
      [...graph.pools].map(([id, p]) => [
        id,
        {
          operatingStatus: updates.pools.get(id) ?? p.operatingStatus,
          members: new Map([...p.members].map(([m, v]) => [m, { operatingStatus: updates.members.get(m) ?? v.operatingStatus }])),
        },
      ]),
    ),
  };
}

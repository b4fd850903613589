// haproxy.cfg for one load balancer on one amphora, from the graph the controller sends (Octavia 11 "combined
// listeners" semantics, see /work/shared/reference/octavia-haproxy-config.md). Pure: same input, same text.
//
// What is rendered: every TCP/HTTP/HTTPS listener as a frontend, followed by one backend per pool it uses (default
// pool and L7 redirect pools). UDP/SCTP listeners belong to keepalived LVS and are skipped. A disabled load balancer
// gets no proxies (as Octavia); a disabled listener or pool is rendered with `disabled`, so the stats socket still
// reports it (stopped) — references to a disabled pool are dropped so traffic falls through as in Octavia.
// Not rendered yet: TERMINATED_HTTPS and PROMETHEUS listeners (certificates) — they throw HaproxyRenderError — and
// the `peers` section of ACTIVE_STANDBY (stick tables stay local to each amphora; a note says so).

import type { GraphListener, GraphPool, LoadBalancerGraph } from '../../contracts/load-balancer-graph.js';
import { backendName, renderBackend, usesExternalCheck, type BackendInput, type ProxyMode } from './backend.js';
import { renderFrontend } from './frontend.js';
import { renderDefaults, renderGlobal } from './global.js';
import { HaproxyRenderError, guardCount, guardDirectory, guardName } from './guard.js';
import { activeMonitor } from './health-check.js';
import { computeConnectionLimits } from './limits.js';
import { OCTAVIA_DEFAULTS, type RenderSettings } from './settings.js';

export { HaproxyRenderError } from './guard.js';

export interface HaproxyRenderOptions {
  amphoraId: string;
  /**
   * directory of this load balancer on the amphora; the stats socket, server state and check script live under it.
   * Absent: those paths are relative, to the working directory the agent runs HAProxy in (the load balancer's
   * directory), which also keeps the socket path within the 107 bytes a UNIX socket address allows.
   */
  lbDir?: string;
  /** the process's open-file limit (RLIMIT_NOFILE soft); maxconn values are derived so haproxy can start */
  fdLimit: number;
  /** [haproxy_amphora] defaults, e.g. timeouts when the listener has none, default_connection_limit (50000) */
  defaults?: Partial<Omit<RenderSettings, 'lbId' | 'lbDir'>>;
}

export interface RenderedHaproxyConfig {
  text: string;
  /** human-readable notes, e.g. maxconn capped from X to Y by fd limit */
  notes: string[];
}

const LVS_PROTOCOLS = ['UDP', 'SCTP'];
const LISTENER_MODES: Record<string, ProxyMode> = { HTTP: 'http', TCP: 'tcp', HTTPS: 'tcp' };

function resolveSettings(graph: LoadBalancerGraph, opts: HaproxyRenderOptions): RenderSettings {
  const defaults = opts.defaults ?? {};
  return {
    lbId: guardName(graph.id, 'load balancer id'),
    lbDir: opts.lbDir === undefined ? null : guardDirectory(opts.lbDir, 'load balancer directory'),
    connectionLimit: guardCount(defaults.connectionLimit ?? OCTAVIA_DEFAULTS.connectionLimit, 'default connection limit'),
    userGroup: defaults.userGroup ?? null,
    timeoutClientData: defaults.timeoutClientData ?? OCTAVIA_DEFAULTS.timeoutClientData,
    timeoutMemberConnect: defaults.timeoutMemberConnect ?? OCTAVIA_DEFAULTS.timeoutMemberConnect,
    timeoutMemberData: defaults.timeoutMemberData ?? OCTAVIA_DEFAULTS.timeoutMemberData,
    timeoutTcpInspect: defaults.timeoutTcpInspect ?? OCTAVIA_DEFAULTS.timeoutTcpInspect,
  };
}

function listenerMode(listener: GraphListener): ProxyMode {
  const mode = LISTENER_MODES[listener.protocol];
  if (mode === undefined) {
    throw new HaproxyRenderError(
      `cannot render listener ${listener.id}: protocol ${JSON.stringify(listener.protocol)} is not supported yet`,
    );
  }
  return mode;
}

/**
 * The pools a listener uses, default pool first, then the redirect pools of enabled L7 policies that have rules (even
 * only disabled ones) in position order: Octavia's listener.pools. A pool only a disabled policy names gets no
 * backend, so no heartbeat reports it (Octavia's health manager then marks it OFFLINE).
 */
function poolsOf(listener: GraphListener, pools: Map<string, GraphPool>): GraphPool[] {
  const redirects = listener.l7policies
    .filter((policy) => policy.enabled && policy.rules.length > 0)
    .sort((a, b) => a.position - b.position)
    .map((policy) => policy.redirect_pool_id);
  const ids = [listener.default_pool_id, ...redirects];
  const used = new Map<string, GraphPool>();
  for (const id of ids) {
    const pool = id === null ? undefined : pools.get(id);
    if (pool && !used.has(pool.id)) used.set(pool.id, pool);
  }
  return [...used.values()];
}

interface ListenerPlan {
  listener: GraphListener;
  mode: ProxyMode;
  limit: number;
  pools: GraphPool[];
}

export function renderHaproxyConfig(graph: LoadBalancerGraph, opts: HaproxyRenderOptions): RenderedHaproxyConfig {
  const settings = resolveSettings(graph, opts);
  const amphoraId = guardName(opts.amphoraId, 'amphora id');
  const notes: string[] = [];
  if (!graph.enabled) notes.push('the load balancer is disabled: no frontends or backends rendered');
  if (graph.topology === 'ACTIVE_STANDBY') {
    notes.push('ACTIVE_STANDBY: no peers section rendered yet, stick tables are not shared between amphorae');
  }

  const poolsById = new Map(graph.pools.map((pool) => [pool.id, pool]));
  const plans: ListenerPlan[] = (graph.enabled ? graph.listeners : [])
    .filter((listener) => !LVS_PROTOCOLS.includes(listener.protocol))
    .map((listener) => ({
      listener,
      mode: listenerMode(listener),
      // Octavia: a limit of -1 (or 0) means [haproxy_amphora] default_connection_limit.
      limit: listener.connection_limit > 0 ? listener.connection_limit : settings.connectionLimit,
      pools: poolsOf(listener, poolsById),
    }));

  const vips = [graph.vip.ip_address, ...graph.additional_vips.map((vip) => vip.ip_address)];
  const backendInputs = (plan: ListenerPlan, fullconn: number): BackendInput[] =>
    plan.pools.map((pool) => ({
      listener: plan.listener,
      listenerMode: plan.mode,
      pool,
      fullconn,
      disabled: !plan.listener.enabled || !pool.enabled,
    }));
  const checkedServerCount = plans
    .flatMap((plan) => (plan.listener.enabled ? plan.pools : []))
    .filter((pool) => pool.enabled && activeMonitor(pool.health_monitor) !== null)
    .reduce((count, pool) => count + pool.members.length, 0);
  const limits = computeConnectionLimits({
    fdLimit: opts.fdLimit,
    frontendLimits: plans.map((plan) => ({ listenerId: plan.listener.id, limit: plan.limit })),
    bindCount: plans.filter((plan) => plan.listener.enabled).length * vips.length,
    checkedServerCount,
  });
  notes.push(...limits.notes);

  const proxies: string[][] = [];
  let externalCheck = false;
  plans.forEach((plan, index) => {
    const maxconn = limits.frontendMaxconn[index] ?? limits.globalMaxconn;
    const { listener } = plan;
    const enabledPools = new Set(plan.pools.filter((pool) => pool.enabled).map((pool) => pool.id));
    const backendOf = (poolId: string): string | null => (enabledPools.has(poolId) ? backendName(poolId, listener.id) : null);
    if (plan.mode === 'tcp' && listener.l7policies.some((policy) => policy.enabled)) {
      notes.push(`listener ${listener.id}: L7 policies need an HTTP listener and were left out`);
    }
    proxies.push(
      renderFrontend(
        {
          listener,
          mode: plan.mode,
          vips,
          maxconn,
          disabled: !listener.enabled,
          defaultBackend: listener.default_pool_id === null ? null : backendOf(listener.default_pool_id),
          backendOf,
        },
        settings,
      ),
    );
    for (const input of backendInputs(plan, maxconn)) {
      externalCheck ||= usesExternalCheck(input);
      proxies.push(renderBackend(input, settings));
    }
  });

  const sections = [
    [
      `# Configuration for loadbalancer ${settings.lbId} on amphora ${amphoraId}`,
      ...renderGlobal({ maxconn: limits.globalMaxconn, externalCheck }, settings),
    ],
    renderDefaults(),
    ...proxies,
  ];
  return { text: `${sections.map((lines) => lines.join('\n')).join('\n\n')}\n`, notes };
}

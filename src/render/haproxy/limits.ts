// Connection limits that let HAProxy start under the process's open-file limit. At start-up HAProxy computes the
// sockets it may need (haproxy.c compute_ideal_maxsock): 2 per connection, plus 2 per splice pipe (a quarter of
// maxconn, since our defaults enable splicing), plus per-thread pollers and wake-up pipes, listeners and checks. When
// that exceeds RLIMIT_NOFILE and cannot be raised it refuses to start ("Cannot raise FD limit to 2500030, limit is
// 20000" for Octavia's `maxconn 1000000`). So the global maxconn is the smaller of Octavia's sum of listener limits
// and what the fd limit allows after a reserve; frontend maxconn (and backend fullconn) are capped at the global.

import { HaproxyRenderError, guardCount } from './guard.js';

/** Octavia's HAPROXY_MAX_MAXCONN: the global maxconn when the listener sum is unset or larger. */
export const HAPROXY_MAX_MAXCONN = 1_000_000;

/** File descriptors HAProxy uses per allowed connection: 2 sockets + 2 × (1/4 pipe) for splicing. */
const FDS_PER_CONNECTION = 2.5;

/**
 * Descriptors kept back for everything that is not a client/server connection pair: pollers and wake-up pipes of up
 * to 64 threads (3 each, HAProxy's MAX_THREADS here), the stats socket and its transferred fds on reload, the
 * master-worker socketpair, log sockets, external-check pipes. A quarter of the limit when the limit is small.
 */
const BASE_RESERVE = 1000;

export interface LimitInputs {
  fdLimit: number;
  /** connection_limit of each rendered frontend after -1 was replaced by the default */
  frontendLimits: { listenerId: string; limit: number }[];
  /** `bind` lines over all frontends: each is a listening socket */
  bindCount: number;
  /** server lines with health checks: each check holds a socket while it runs */
  checkedServerCount: number;
}

export interface ConnectionLimits {
  globalMaxconn: number;
  /** same order as frontendLimits */
  frontendMaxconn: number[];
  notes: string[];
}

/** The largest global maxconn HAProxy can honour with `fdLimit` descriptors. */
export function maxconnForFdLimit(fdLimit: number, bindCount: number, checkedServerCount: number): number {
  guardCount(fdLimit, 'fd limit');
  const reserve = Math.min(BASE_RESERVE, Math.floor(fdLimit / 4)) + bindCount + checkedServerCount;
  const maxconn = Math.floor((fdLimit - reserve) / FDS_PER_CONNECTION);
  if (maxconn < 1) {
    throw new HaproxyRenderError(
      `the open-file limit ${fdLimit} leaves no descriptors for connections (${reserve} reserved for ` +
        `${bindCount} listeners, ${checkedServerCount} health-checked servers and HAProxy itself)`,
    );
  }
  return maxconn;
}

export function computeConnectionLimits(inputs: LimitInputs): ConnectionLimits {
  const notes: string[] = [];
  // Octavia: sum of the listeners' limits; unset, zero or beyond HAPROXY_MAX_MAXCONN means HAPROXY_MAX_MAXCONN.
  const sum = inputs.frontendLimits.reduce((total, { limit }) => total + limit, 0);
  const wanted = sum > 0 && sum < HAPROXY_MAX_MAXCONN ? sum : HAPROXY_MAX_MAXCONN;
  const allowed = maxconnForFdLimit(inputs.fdLimit, inputs.bindCount, inputs.checkedServerCount);
  const globalMaxconn = Math.min(wanted, allowed);
  if (globalMaxconn < wanted) {
    notes.push(`global maxconn capped from ${wanted} to ${globalMaxconn} by the open-file limit ${inputs.fdLimit}`);
  }
  const frontendMaxconn = inputs.frontendLimits.map(({ listenerId, limit }) => {
    if (limit <= globalMaxconn) return limit;
    notes.push(`listener ${listenerId} maxconn capped from ${limit} to the global maxconn ${globalMaxconn}`);
    return globalMaxconn;
  });
  return { globalMaxconn, frontendMaxconn, notes };
}

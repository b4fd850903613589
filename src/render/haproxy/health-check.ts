// Health monitors: the backend's check directives and the check options of each server line (Octavia 11 mapping:
// delay → inter, timeout → timeout check, rise_threshold → rise, fall_threshold → fall).

import type { GraphHealthMonitor, GraphMember } from '../../contracts/load-balancer-graph.js';
import { HaproxyRenderError, guardAddress, guardCount, guardDomainName, guardOneOf, guardPort, guardUrlPath } from './guard.js';

export const HAPROXY_HEALTH_MONITOR_TYPES = ['HTTP', 'HTTPS', 'TCP', 'PING', 'TLS-HELLO'] as const;
const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'TRACE', 'OPTIONS', 'CONNECT', 'PATCH'] as const;

/** The monitor whose checks are rendered: only an enabled one (a disabled monitor means no checks at all). */
export function activeMonitor(monitor: GraphHealthMonitor | null): GraphHealthMonitor | null {
  if (!monitor?.enabled) return null;
  guardOneOf(monitor.type, HAPROXY_HEALTH_MONITOR_TYPES, 'health monitor type');
  return monitor;
}

/**
 * `expected_codes` as Octavia expands it: "200-204" → every code of the range, "200, 202" → both; joined with `|`
 * for `http-check expect rstatus`. Sorted so the output is stable.
 */
export function expandExpectedCodes(codes: string): string[] {
  const result = new Set<number>();
  for (const part of codes.split(/, */)) {
    if (part === '') continue;
    const match = /^(\d{3})(?:-(\d{3}))?$/.exec(part);
    if (!match) throw new HaproxyRenderError(`refusing to render expected_codes ${JSON.stringify(codes)}`);
    const low = Number(match[1]);
    const high = match[2] === undefined ? low : Number(match[2]);
    if (high < low) throw new HaproxyRenderError(`refusing to render expected_codes ${JSON.stringify(codes)}`);
    for (let code = low; code <= high; code += 1) result.add(code);
  }
  if (result.size === 0) throw new HaproxyRenderError(`refusing to render expected_codes ${JSON.stringify(codes)}`);
  return [...result].sort((a, b) => a - b).map(String);
}

function httpVersion(version: number): string {
  if (version === 1 || version === 1.1) return version.toFixed(1);
  throw new HaproxyRenderError(`refusing to render health monitor http_version ${String(version)}: 1.0 or 1.1`);
}

/** Search path HAProxy needs for an external-check command named relative to its working directory. */
export const EXTERNAL_CHECK_PATH = '/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * Backend lines for an enabled monitor; `pingCommand` is the wrapper script's path, absolute or relative to HAProxy's
 * working directory (the load balancer's directory).
 */
export function renderMonitorLines(monitor: GraphHealthMonitor, pingCommand: string): string[] {
  const lines = ['load-server-state-from-file global', `timeout check ${guardCount(monitor.timeout, 'timeout')}s`];
  switch (monitor.type) {
    case 'HTTP':
    case 'HTTPS': {
      const method = guardOneOf(monitor.http_method ?? 'GET', HTTP_METHODS, 'health monitor http_method');
      const path = guardUrlPath(monitor.url_path ?? '/', 'health monitor url_path');
      const version = monitor.http_version === null ? '' : ` HTTP/${httpVersion(monitor.http_version)}`;
      lines.push(`option httpchk ${method} ${path}${version}`);
      // Octavia 11 hid "\r\nHost:\ <domain>" in the version string, which HAProxy ≥ 2.2 warns is deprecated;
      // `http-check send` is the supported form (Octavia 17 switched to it). Only with HTTP/1.1, as in Octavia.
      if (monitor.domain_name && monitor.http_version === 1.1) {
        lines.push(`http-check send hdr Host ${guardDomainName(monitor.domain_name, 'health monitor domain_name')}`);
      }
      lines.push(`http-check expect rstatus ${expandExpectedCodes(monitor.expected_codes ?? '200').join('|')}`);
      break;
    }
    case 'TLS-HELLO':
      lines.push('option ssl-hello-chk');
      break;
    case 'PING':
      lines.push('option external-check');
      // HAProxy refuses a command without a leading '/' unless `external-check path` is set ("./ping-wrapper.sh")
      if (!pingCommand.startsWith('/')) lines.push(`external-check path "${EXTERNAL_CHECK_PATH}"`);
      lines.push(`external-check command ${pingCommand}`);
      break;
    default:
      break; // TCP: a plain connect check
  }
  return lines;
}

/** The check options of one server line, e.g. ` check inter 5s fall 3 rise 2 addr 127.0.0.2 port 18090`. */
export function serverCheckOptions(monitor: GraphHealthMonitor, member: GraphMember): string {
  const ssl = monitor.type === 'HTTPS' ? ' check-ssl verify none' : '';
  const delay = guardCount(monitor.delay, 'health monitor delay');
  const fall = guardCount(monitor.fall_threshold, 'health monitor fall threshold');
  const rise = guardCount(monitor.rise_threshold, 'health monitor rise threshold');
  const addr = member.monitor_address ? ` addr ${guardAddress(member.monitor_address, 'member monitor_address')}` : '';
  const port = member.monitor_port ? ` port ${guardPort(member.monitor_port, 'member monitor_port')}` : '';
  return ` check${ssl} inter ${delay}s fall ${fall} rise ${rise}${addr}${port}`;
}

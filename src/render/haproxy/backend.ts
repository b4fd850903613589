// One `backend <pool_id>:<listener_id>` section per pool a listener uses (Octavia 11 directive order).

import { PING_WRAPPER_FILE } from '../../contracts/haproxy-files.js';
import type { GraphListener, GraphMember, GraphPool } from '../../contracts/load-balancer-graph.js';
import { HaproxyRenderError, guardAddress, guardCount, guardHeaderName, guardName, guardOneOf, guardPort } from './guard.js';
import { activeMonitor, renderMonitorLines, serverCheckOptions } from './health-check.js';
import { stableServerIds } from './server-ids.js';
import { lbFile, OCTAVIA_DEFAULTS, orDefault, type RenderSettings } from './settings.js';

export type ProxyMode = 'http' | 'tcp';

const POOL_MODES: Record<string, ProxyMode | 'proxy'> = {
  HTTP: 'http',
  HTTPS: 'tcp',
  TCP: 'tcp',
  PROXY: 'proxy',
  PROXYV2: 'proxy',
};

/** The lines that pick a member for a new connection (or request), per lb_algorithm. */
const BALANCE: Record<string, readonly string[]> = {
  ROUND_ROBIN: ['balance roundrobin'],
  LEAST_CONNECTIONS: ['balance leastconn'],
  SOURCE_IP: ['balance source'],
  // An extension over Octavia, whose amphora driver refuses SOURCE_IP_PORT. HAProxy 2.6 has no source address and
  // port algorithm; `balance hash` takes a sample expression, and `concat` can only append a variable, so the port
  // goes into one first. `tcp-request content` rules run before the backend picks a server, in TCP and in HTTP mode
  // (where they run again for each request of a keep-alive connection). Consistent hashing with stable server ids
  // (server-ids.ts) keeps the flows of the surviving members on them when a member goes away.
  SOURCE_IP_PORT: ['tcp-request content set-var(txn.src_port) src_port', 'balance hash src,concat(:,txn.src_port)', 'hash-type consistent'],
};

/** Algorithms whose servers carry an explicit, stable `id` (their ring points depend on it). */
const CONSISTENT_HASH = ['SOURCE_IP_PORT'];

const TLS_VERSION_OPTIONS: [string, string][] = [
  ['SSLv3', 'no-sslv3'],
  ['TLSv1', 'no-tlsv10'],
  ['TLSv1.1', 'no-tlsv11'],
  ['TLSv1.2', 'no-tlsv12'],
  ['TLSv1.3', 'no-tlsv13'],
];
const ALPN_PROTOCOLS = ['h2', 'http/1.1', 'http/1.0'] as const;
/** Octavia's VALID_CIPHER_RE */
const CIPHERS = /^[A-Za-z0-9\-+!:@=_.]+$/;

export function backendName(poolId: string, listenerId: string): string {
  return `${guardName(poolId, 'pool id')}:${guardName(listenerId, 'listener id')}`;
}

export function poolMode(pool: GraphPool, listenerMode: ProxyMode): ProxyMode {
  const mode = POOL_MODES[pool.protocol];
  if (mode === undefined) {
    throw new HaproxyRenderError(`refusing to render pool ${pool.id}: protocol ${JSON.stringify(pool.protocol)}`);
  }
  return mode === 'proxy' ? listenerMode : mode;
}

function isTrue(value: string | undefined): boolean {
  return value !== undefined && value.toLowerCase() === 'true';
}

function persistenceLines(pool: GraphPool): string[] {
  const persistence = pool.session_persistence;
  if (!persistence) return [];
  switch (persistence.type) {
    case 'SOURCE_IP':
      return [`stick-table type ip size ${OCTAVIA_DEFAULTS.stickSize}`, 'stick on src'];
    case 'APP_COOKIE': {
      if (!persistence.cookie_name) throw new HaproxyRenderError(`pool ${pool.id}: APP_COOKIE needs a cookie_name`);
      const cookie = guardHeaderName(persistence.cookie_name, `pool ${pool.id} cookie_name`);
      return [
        `stick-table type string len 64 size ${OCTAVIA_DEFAULTS.stickSize}`,
        `stick store-response res.cook(${cookie})`,
        `stick match req.cook(${cookie})`,
      ];
    }
    case 'HTTP_COOKIE':
      return ['cookie SRV insert indirect nocache'];
    default:
      throw new HaproxyRenderError(`pool ${pool.id}: unknown session persistence ${JSON.stringify(persistence.type)}`);
  }
}

/** Octavia inserts X-Forwarded-For/-Port only towards HTTP pools, X-Forwarded-Proto for HTTP listeners. */
function headerLines(listener: GraphListener, pool: GraphPool): string[] {
  const wanted = (name: string): boolean =>
    isTrue(Object.entries(listener.insert_headers).find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1]);
  const lines: string[] = [];
  if (pool.protocol === 'HTTP') {
    if (wanted('X-Forwarded-For')) lines.push('option forwardfor');
    if (wanted('X-Forwarded-Port')) lines.push('http-request set-header X-Forwarded-Port %[dst_port]');
  }
  if (wanted('X-Forwarded-Proto') && listener.protocol === 'HTTP') {
    lines.push('http-request set-header X-Forwarded-Proto http');
  }
  return lines;
}

/** ` ssl verify none sni ssl_fc_sni …` for pools that re-encrypt towards members (no CA or client cert yet). */
function poolTlsOptions(pool: GraphPool): string {
  if (!pool.tls_enabled) return '';
  let options = ' ssl verify none sni ssl_fc_sni';
  if (pool.tls_ciphers !== null) {
    if (!CIPHERS.test(pool.tls_ciphers)) throw new HaproxyRenderError(`pool ${pool.id}: invalid tls_ciphers`);
    options += ` ciphers ${pool.tls_ciphers}`;
  }
  if (pool.tls_versions !== null) {
    const versions = pool.tls_versions;
    for (const version of versions)
      guardOneOf(
        version,
        TLS_VERSION_OPTIONS.map(([v]) => v),
        'pool tls_versions',
      );
    for (const [version, option] of TLS_VERSION_OPTIONS) if (!versions.includes(version)) options += ` ${option}`;
  }
  if (pool.alpn_protocols !== null && pool.alpn_protocols.length > 0) {
    const alpn = pool.alpn_protocols.map((protocol) => guardOneOf(protocol, ALPN_PROTOCOLS, 'pool alpn_protocols'));
    options += ` alpn ${alpn.join(',')}`;
  }
  return options;
}

function proxyProtocolOption(pool: GraphPool): string {
  // `send-proxy-v2-ssl-cn` belongs to TLS-terminating listeners, which are not rendered yet.
  if (pool.protocol === 'PROXY') return ' send-proxy';
  if (pool.protocol === 'PROXYV2') return ' send-proxy-v2';
  return '';
}

/** `serverId`: HAProxy's numeric server id, rendered only when given (consistent-hash pools). */
export function renderServerLine(pool: GraphPool, member: GraphMember, checked: boolean, serverId?: number): string {
  const monitor = checked ? pool.health_monitor : null;
  const id = guardName(member.id, 'member id');
  const address = guardAddress(member.address, `member ${id} address`);
  const port = guardPort(member.protocol_port, `member ${id} protocol_port`);
  const weight = guardCount(member.weight, `member ${id} weight`);
  return (
    `server ${id} ${address}:${port} weight ${weight}` +
    (serverId === undefined ? '' : ` id ${guardCount(serverId, `member ${id} server id`)}`) +
    (monitor ? serverCheckOptions(monitor, member) : '') +
    (pool.session_persistence?.type === 'HTTP_COOKIE' ? ` cookie ${id}` : '') +
    proxyProtocolOption(pool) +
    (member.backup ? ' backup' : '') +
    (member.enabled ? '' : ' disabled') +
    poolTlsOptions(pool)
  );
}

export interface BackendInput {
  listener: GraphListener;
  listenerMode: ProxyMode;
  pool: GraphPool;
  /** the listener's frontend maxconn (Octavia's fullconn) */
  fullconn: number;
  /** pool or listener administratively down: the section is kept for status reporting but stopped */
  disabled: boolean;
}

export function renderBackend(input: BackendInput, settings: RenderSettings): string[] {
  const { listener, pool } = input;
  const mode = poolMode(pool, input.listenerMode);
  const balance = BALANCE[pool.lb_algorithm];
  if (balance === undefined) {
    throw new HaproxyRenderError(`refusing to render pool ${pool.id}: lb_algorithm ${JSON.stringify(pool.lb_algorithm)}`);
  }
  const serverIds = CONSISTENT_HASH.includes(pool.lb_algorithm) ? stableServerIds(pool.members.map((m) => m.id)) : null;
  const monitor = input.disabled ? null : activeMonitor(pool.health_monitor);
  const lines = [`backend ${backendName(pool.id, listener.id)}`, `    mode ${mode}`];
  const body: string[] = [];
  if (input.disabled) body.push('disabled');
  // Octavia: HTTP pools, and PROXY/PROXYV2 pools behind an HTTP listener.
  if (pool.protocol === 'HTTP' || (POOL_MODES[pool.protocol] === 'proxy' && input.listenerMode === 'http')) {
    body.push('http-reuse safe');
  }
  // persistence, when the pool has it, decides before the algorithm: a client it knows keeps its member
  body.push(...balance, ...persistenceLines(pool));
  if (monitor)
    body.push(...renderMonitorLines(monitor, settings.lbDir === null ? `./${PING_WRAPPER_FILE}` : lbFile(settings, PING_WRAPPER_FILE)));
  body.push(
    ...headerLines(listener, pool),
    `fullconn ${input.fullconn}`,
    'option allbackups',
    `timeout connect ${guardCount(orDefault(listener.timeout_member_connect, settings.timeoutMemberConnect), 'timeout_member_connect')}`,
    `timeout server ${guardCount(orDefault(listener.timeout_member_data, settings.timeoutMemberData), 'timeout_member_data')}`,
    ...pool.members.map((member) => renderServerLine(pool, member, monitor !== null, serverIds?.get(member.id))),
  );
  return [...lines, ...body.map((line) => `    ${line}`)];
}

/** Whether the backend runs PING checks, which need `external-check` in the global section. */
export function usesExternalCheck(input: BackendInput): boolean {
  return !input.disabled && activeMonitor(input.pool.health_monitor)?.type === 'PING';
}

// Octavia's vocabulary: statuses, protocols, algorithms and the compatibility tables between them.

export const PROVISIONING_STATUSES = [
  'ACTIVE',
  'PENDING_CREATE',
  'PENDING_UPDATE',
  'PENDING_DELETE',
  'DELETED',
  'ERROR',
  'ALLOCATED',
  'BOOTING',
  'READY',
  'FAILOVER_STOPPED',
] as const;
export type ProvisioningStatus = (typeof PROVISIONING_STATUSES)[number];

export const OPERATING_STATUSES = ['ONLINE', 'OFFLINE', 'DEGRADED', 'ERROR', 'DRAINING', 'NO_MONITOR'] as const;
export type OperatingStatus = (typeof OPERATING_STATUSES)[number];

export const PENDING_STATUSES: readonly ProvisioningStatus[] = ['PENDING_CREATE', 'PENDING_UPDATE', 'PENDING_DELETE'];

export const LISTENER_PROTOCOLS = ['TCP', 'HTTP', 'HTTPS', 'TERMINATED_HTTPS', 'UDP', 'SCTP', 'PROMETHEUS'] as const;
export type ListenerProtocol = (typeof LISTENER_PROTOCOLS)[number];

export const POOL_PROTOCOLS = ['TCP', 'HTTP', 'HTTPS', 'PROXY', 'PROXYV2', 'UDP', 'SCTP'] as const;
export type PoolProtocol = (typeof POOL_PROTOCOLS)[number];

export const LB_ALGORITHMS = ['ROUND_ROBIN', 'LEAST_CONNECTIONS', 'SOURCE_IP', 'SOURCE_IP_PORT'] as const;
export type LbAlgorithm = (typeof LB_ALGORITHMS)[number];

export const SESSION_PERSISTENCE_TYPES = ['SOURCE_IP', 'HTTP_COOKIE', 'APP_COOKIE'] as const;
export type SessionPersistenceType = (typeof SESSION_PERSISTENCE_TYPES)[number];

export const HEALTH_MONITOR_TYPES = ['HTTP', 'HTTPS', 'PING', 'TCP', 'TLS-HELLO', 'UDP-CONNECT', 'SCTP'] as const;
export type HealthMonitorType = (typeof HEALTH_MONITOR_TYPES)[number];

export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'TRACE', 'OPTIONS', 'CONNECT', 'PATCH'] as const;

export const L7POLICY_ACTIONS = ['REJECT', 'REDIRECT_TO_URL', 'REDIRECT_TO_POOL', 'REDIRECT_PREFIX'] as const;
export type L7PolicyAction = (typeof L7POLICY_ACTIONS)[number];

export const L7RULE_TYPES = [
  'HOST_NAME',
  'PATH',
  'FILE_TYPE',
  'HEADER',
  'COOKIE',
  'SSL_CONN_HAS_CERT',
  'SSL_VERIFY_RESULT',
  'SSL_DN_FIELD',
] as const;
export type L7RuleType = (typeof L7RULE_TYPES)[number];

export const L7RULE_COMPARE_TYPES = ['REGEX', 'STARTS_WITH', 'ENDS_WITH', 'CONTAINS', 'EQUAL_TO'] as const;
export type L7RuleCompareType = (typeof L7RULE_COMPARE_TYPES)[number];

export const REDIRECT_HTTP_CODES = [301, 302, 303, 307, 308] as const;

export const CLIENT_AUTH_MODES = ['NONE', 'OPTIONAL', 'MANDATORY'] as const;
export type ClientAuthMode = (typeof CLIENT_AUTH_MODES)[number];

export const TLS_VERSIONS = ['SSLv3', 'TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] as const;
export const ALPN_PROTOCOLS = ['h2', 'http/1.1', 'http/1.0'] as const;

export const TOPOLOGIES = ['SINGLE', 'ACTIVE_STANDBY'] as const;
export type Topology = (typeof TOPOLOGIES)[number];

export const AMPHORA_ROLES = ['MASTER', 'BACKUP', 'STANDALONE'] as const;

/** Pool protocols a listener of each protocol may forward to (Octavia's VALID_LISTENER_POOL_PROTOCOL_MAP). */
export const LISTENER_POOL_PROTOCOLS: Record<ListenerProtocol, readonly PoolProtocol[]> = {
  TCP: ['HTTP', 'HTTPS', 'PROXY', 'PROXYV2', 'TCP'],
  HTTP: ['HTTP', 'PROXY', 'PROXYV2'],
  HTTPS: ['HTTPS', 'PROXY', 'PROXYV2', 'TCP'],
  TERMINATED_HTTPS: ['HTTP', 'PROXY', 'PROXYV2'],
  UDP: ['UDP'],
  SCTP: ['SCTP'],
  PROMETHEUS: [],
};

/** Listener protocols that share one transport port space: two of them cannot use the same port on one LB. */
export function transportOf(protocol: string): 'TCP' | 'UDP' | 'SCTP' {
  if (protocol === 'UDP') return 'UDP';
  if (protocol === 'SCTP') return 'SCTP';
  return 'TCP';
}

export const LVS_PROTOCOLS: readonly string[] = ['UDP', 'SCTP'];

export const HTTP_HEADER_INSERTS = ['X-Forwarded-For', 'X-Forwarded-Port', 'X-Forwarded-Proto'] as const;
export const SSL_HEADER_INSERTS = [
  'X-SSL-Client-Verify',
  'X-SSL-Client-Has-Cert',
  'X-SSL-Client-DN',
  'X-SSL-Client-CN',
  'X-SSL-Issuer',
  'X-SSL-Client-SHA1',
  'X-SSL-Client-Not-Before',
  'X-SSL-Client-Not-After',
] as const;

export const MAX_L7_RULES_PER_POLICY = 50;
export const MAX_POLICY_POSITION = 2147483647;
export const MAX_TIMEOUT = 2073600000;
export const NIL_UUID = '00000000-0000-0000-0000-000000000000';

// Amphora agent REST API 1.0 (Octavia's amphora-agent): paths and bodies both ends use. The controller's client
// builds URLs with `agentPaths`; the agent routes on the same shapes. Bodies of configs and certificates are raw
// bytes; plug calls are JSON. Errors: framework errors `{error, http_code}`, handler errors `{message, details}`.

export const AGENT_API_VERSION = '1.0';
export const AGENT_API_PREFIX = `/${AGENT_API_VERSION}`;
export const AGENT_DEFAULT_PORT = 9443;
export const AGENT_USER_AGENT = 'Octavia HaProxy Rest Client/0.5 (https://wiki.openstack.org/wiki/Octavia)';

export const LB_ACTIONS = ['start', 'stop', 'reload'] as const;
export type LbAction = (typeof LB_ACTIONS)[number];

const seg = encodeURIComponent;

export const agentPaths = {
  root: '/',
  info: `${AGENT_API_PREFIX}/info`,
  details: `${AGENT_API_PREFIX}/details`,
  listeners: `${AGENT_API_PREFIX}/listeners`,
  /** octavia-ts extension: per-frontend statistics read from each load balancer's HAProxy */
  stats: `${AGENT_API_PREFIX}/stats`,
  /** PUT: body = haproxy.cfg text; 202 + ETag md5, 400 {message:"Invalid request", details:<haproxy -c output>} */
  uploadHaproxyConfig: (amphoraId: string, lbId: string) => `${AGENT_API_PREFIX}/loadbalancer/${seg(amphoraId)}/${seg(lbId)}/haproxy`,
  /** GET: text/plain config + ETag */
  haproxyConfig: (lbId: string) => `${AGENT_API_PREFIX}/loadbalancer/${seg(lbId)}/haproxy`,
  /** PUT: start | stop | reload (reload of a stopped load balancer starts it) */
  lbAction: (lbId: string, action: LbAction) => `${AGENT_API_PREFIX}/loadbalancer/${seg(lbId)}/${action}`,
  /** DELETE: Octavia's path for removing a load balancer (stops HAProxy, removes its files); 200 also when absent */
  deleteLoadBalancer: (lbId: string) => `${AGENT_API_PREFIX}/listeners/${seg(lbId)}`,
  /** DELETE: the same, under /loadbalancer/ (octavia-ts alias) */
  deleteLoadBalancerAlias: (lbId: string) => `${AGENT_API_PREFIX}/loadbalancer/${seg(lbId)}`,
  /** PUT (PEM body) / GET ({md5sum}) / DELETE */
  certificate: (lbId: string, filename: string) => `${AGENT_API_PREFIX}/loadbalancer/${seg(lbId)}/certificates/${seg(filename)}`,
  plugVip: (vip: string) => `${AGENT_API_PREFIX}/plug/vip/${seg(vip)}`,
  plugNetwork: `${AGENT_API_PREFIX}/plug/network`,
  /** PUT: new server certificate + key (PEM); the agent swaps its TLS context without restarting */
  serverCertificate: `${AGENT_API_PREFIX}/certificate`,
  /** PUT: agent config file text (the controller-rendered part) */
  config: `${AGENT_API_PREFIX}/config`,
} as const;

/** Octavia's check `(\w.)+pem`, tightened: a plain file name ending in .pem, never a path. */
export const CERT_FILENAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,200}\.pem$/;

export function isValidCertFilename(filename: string): boolean {
  return CERT_FILENAME.test(filename) && !filename.includes('..');
}

export interface AgentMessage {
  readonly message: string;
  readonly details?: string;
}

export interface AgentFrameworkError {
  readonly error: string;
  readonly http_code: number;
}

export interface AgentInfo {
  readonly hostname: string;
  readonly haproxy_version: string | null;
  readonly api_version: string;
  readonly keepalived_version?: string | null;
  readonly ipvsadm_version?: string | null;
  /** octavia-ts extension: the open-file limit HAProxy runs under (the controller derives maxconn from it) */
  readonly fd_limit?: number | null;
}

export interface AgentDetails extends AgentInfo {
  readonly networks: Record<string, { network_tx: number; network_rx: number }>;
  readonly active: boolean;
  readonly haproxy_count: number;
  readonly cpu: { total: number; user: number; system: number; soft_irq: number };
  readonly memory: { total: number; free: number; buffers: number; cached: number; swap_used: number; shared: number; slab: number };
  readonly disk: { used: number; available: number };
  readonly load: [string, string, string];
  readonly topology: string;
  readonly topology_status: string;
  /** load balancer ids with a configuration on this amphora (Octavia names the field "listeners") */
  readonly listeners: string[];
  readonly packages: Record<string, string>;
}

/** GET /1.0/listeners: one entry per HAProxy frontend (frontend name = listener id). */
export interface AgentListenerStatus {
  readonly status: 'ACTIVE' | 'OFFLINE' | 'ERROR';
  readonly uuid: string;
  readonly type: string;
}

/** GET /1.0/stats: one entry per HAProxy frontend (frontend `pxname` = listener id). */
export interface AgentListenerStats {
  readonly listenerId: string;
  readonly bytesIn: number;
  readonly bytesOut: number;
  readonly activeConnections: number;
  readonly totalConnections: number;
  readonly requestErrors: number;
}

export interface HostRoute {
  readonly destination: string;
  readonly nexthop: string;
}

export interface PlugVipBody {
  readonly subnet_cidr: string;
  readonly gateway: string | null;
  readonly mac_address: string;
  readonly mtu?: number | null;
  readonly vrrp_ip?: string | null;
  readonly host_routes?: HostRoute[];
  readonly additional_vips?: { ip_address: string; subnet_cidr: string; gateway: string | null; host_routes?: HostRoute[] }[];
}

export interface PlugNetworkBody {
  readonly mac_address: string;
  readonly fixed_ips?: { ip_address: string; subnet_cidr: string; gateway?: string | null; host_routes?: HostRoute[] }[];
  readonly mtu?: number | null;
  readonly vip_net_info?: Record<string, unknown> | null;
}

// Files on the amphora, relative to [haproxy_amphora] base_path. HAProxy runs with its working directory set to
// the load balancer's directory, so a rendered config may name its stats socket relatively
// (`stats socket unix@stats.sock`), which keeps the path under the 108-byte limit of Unix socket addresses.
export const agentLayout = {
  lbRoot: (basePath: string) => `${basePath}/lb`,
  lbDir: (basePath: string, lbId: string) => `${basePath}/lb/${lbId}`,
  haproxyConfig: (basePath: string, lbId: string) => `${basePath}/lb/${lbId}/haproxy.cfg`,
  certDir: (basePath: string, lbId: string) => `${basePath}/certs/${lbId}`,
  certFile: (basePath: string, lbId: string, filename: string) => `${basePath}/certs/${lbId}/${filename}`,
  /**
   * every process the agent started or adopted (itself, each HAProxy master and worker), by PID and start time
   * (common/process-registry.ts): whoever deletes the amphora ends them, even with the agent dead
   */
  processRegistry: (basePath: string) => `${basePath}/processes`,
  /** stats socket name a rendered config should use (relative to the load balancer directory) */
  statsSocketName: 'stats.sock',
} as const;

const OBJECT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Amphora and load balancer ids in agent paths: dashed UUIDs only (they become directory names). */
export function isAgentObjectId(id: string): boolean {
  return OBJECT_ID.test(id);
}

// Row types of every table, as Kysely sees them. Booleans are stored as 0/1 integers and timestamps as fixed-width
// ISO strings (common/time.ts) so that one query layer behaves the same on SQLite, PostgreSQL and MariaDB.
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export type Flag = number;
export type Timestamp = string;

export interface LoadBalancerTable {
  id: string;
  project_id: string | null;
  name: string | null;
  description: string | null;
  provisioning_status: string;
  operating_status: string;
  enabled: Flag;
  topology: string | null;
  server_group_id: string | null;
  provider: string | null;
  flavor_id: string | null;
  availability_zone: string | null;
  created_at: Timestamp;
  updated_at: Timestamp | null;
}

export interface VipTable {
  load_balancer_id: string;
  ip_address: string | null;
  port_id: string | null;
  subnet_id: string | null;
  network_id: string | null;
  qos_policy_id: string | null;
  octavia_owned: Flag | null;
}

export interface AdditionalVipTable {
  load_balancer_id: string;
  subnet_id: string;
  ip_address: string | null;
  port_id: string | null;
  network_id: string | null;
}

export interface ListenerTable {
  id: string;
  project_id: string | null;
  name: string | null;
  description: string | null;
  protocol: string;
  /** TCP, UDP or SCTP: the port space the protocol lives in; unique with (load_balancer_id, protocol_port). */
  transport: string;
  protocol_port: number;
  connection_limit: number | null;
  load_balancer_id: string;
  tls_certificate_id: string | null;
  default_pool_id: string | null;
  provisioning_status: string;
  operating_status: string;
  enabled: Flag;
  peer_port: number | null;
  /** JSON object of header name → value */
  insert_headers: string | null;
  timeout_client_data: number | null;
  timeout_member_connect: number | null;
  timeout_member_data: number | null;
  timeout_tcp_inspect: number | null;
  client_ca_tls_certificate_id: string | null;
  client_authentication: string;
  client_crl_container_id: string | null;
  tls_ciphers: string | null;
  /** JSON array */
  tls_versions: string | null;
  /** JSON array */
  alpn_protocols: string | null;
  created_at: Timestamp;
  updated_at: Timestamp | null;
}

export interface SniTable {
  listener_id: string;
  tls_container_id: string;
  position: number;
}

export interface ListenerCidrTable {
  listener_id: string;
  cidr: string;
}

export interface PoolTable {
  id: string;
  project_id: string | null;
  name: string | null;
  description: string | null;
  protocol: string;
  lb_algorithm: string;
  provisioning_status: string;
  operating_status: string;
  enabled: Flag;
  load_balancer_id: string;
  tls_certificate_id: string | null;
  ca_tls_certificate_id: string | null;
  crl_container_id: string | null;
  tls_enabled: Flag;
  tls_ciphers: string | null;
  tls_versions: string | null;
  alpn_protocols: string | null;
  created_at: Timestamp;
  updated_at: Timestamp | null;
}

export interface SessionPersistenceTable {
  pool_id: string;
  type: string;
  cookie_name: string | null;
  persistence_timeout: number | null;
  persistence_granularity: string | null;
}

export interface MemberTable {
  id: string;
  project_id: string | null;
  pool_id: string;
  subnet_id: string | null;
  ip_address: string;
  protocol_port: number;
  weight: number | null;
  backup: Flag;
  monitor_address: string | null;
  monitor_port: number | null;
  provisioning_status: string;
  operating_status: string;
  enabled: Flag;
  name: string | null;
  created_at: Timestamp;
  updated_at: Timestamp | null;
}

export interface HealthMonitorTable {
  id: string;
  project_id: string | null;
  pool_id: string;
  type: string;
  delay: number;
  timeout: number;
  /** max_retries_down */
  fall_threshold: number;
  /** max_retries */
  rise_threshold: number;
  http_method: string | null;
  url_path: string | null;
  expected_codes: string | null;
  enabled: Flag;
  name: string | null;
  provisioning_status: string;
  operating_status: string;
  http_version: number | null;
  domain_name: string | null;
  created_at: Timestamp;
  updated_at: Timestamp | null;
}

export interface L7PolicyTable {
  id: string;
  project_id: string | null;
  name: string | null;
  description: string | null;
  listener_id: string;
  action: string;
  redirect_pool_id: string | null;
  redirect_url: string | null;
  redirect_prefix: string | null;
  redirect_http_code: number | null;
  position: number;
  enabled: Flag;
  provisioning_status: string;
  operating_status: string;
  created_at: Timestamp;
  updated_at: Timestamp | null;
}

export interface L7RuleTable {
  id: string;
  project_id: string | null;
  l7policy_id: string;
  type: string;
  compare_type: string;
  key: string | null;
  value: string;
  invert: Flag;
  enabled: Flag;
  provisioning_status: string;
  operating_status: string;
  created_at: Timestamp;
  updated_at: Timestamp | null;
}

export interface TagTable {
  resource_id: string;
  tag: string;
}

export interface AmphoraTable {
  id: string;
  load_balancer_id: string | null;
  compute_id: string | null;
  lb_network_ip: string | null;
  vrrp_ip: string | null;
  ha_ip: string | null;
  vrrp_port_id: string | null;
  ha_port_id: string | null;
  cert_expiration: Timestamp | null;
  cert_busy: Flag;
  /** when cert_busy was set: a claim older than [house_keeping] cert_claim_timeout is taken over */
  cert_busy_since: Timestamp | null;
  role: string | null;
  status: string;
  vrrp_interface: string | null;
  vrrp_id: number | null;
  vrrp_priority: number | null;
  cached_zone: string | null;
  image_id: string | null;
  compute_flavor: string | null;
  created_at: Timestamp;
  updated_at: Timestamp | null;
}

export interface AmphoraHealthTable {
  amphora_id: string;
  last_update: Timestamp;
  busy: Flag;
}

export interface ListenerStatisticsTable {
  listener_id: string;
  amphora_id: string;
  bytes_in: number;
  bytes_out: number;
  active_connections: number;
  total_connections: number;
  request_errors: number;
}

export interface VrrpGroupTable {
  load_balancer_id: string;
  vrrp_group_name: string | null;
  vrrp_auth_type: string | null;
  vrrp_auth_pass: string | null;
  advert_int: number | null;
}

export const QUOTA_RESOURCES = ['load_balancer', 'listener', 'pool', 'health_monitor', 'member', 'l7policy', 'l7rule'] as const;
export type QuotaResource = (typeof QUOTA_RESOURCES)[number];

export type QuotasTable = { project_id: string } & { [K in QuotaResource]: number | null } & {
  [K in QuotaResource as `in_use_${K}`]: number | null;
};

export interface FlavorProfileTable {
  id: string;
  name: string;
  provider_name: string;
  flavor_data: string;
}

export interface FlavorTable {
  id: string;
  name: string;
  description: string | null;
  enabled: Flag;
  flavor_profile_id: string;
}

export interface AvailabilityZoneProfileTable {
  id: string;
  name: string;
  provider_name: string;
  availability_zone_data: string;
}

export interface AvailabilityZoneTable {
  name: string;
  description: string | null;
  enabled: Flag;
  availability_zone_profile_id: string;
}

/** Ports of the embedded network drivers (loopback): the inventory Neutron would hold in a cloud. */
export interface NetworkPortTable {
  id: string;
  network_id: string;
  subnet_id: string;
  ip_address: string;
  project_id: string | null;
  name: string | null;
  device_id: string | null;
  device_owner: string | null;
  created_at: Timestamp;
}

export interface JobTable {
  seq: Generated<number>;
  id: string;
  lane: string;
  flow: string;
  /** JSON: the flow's typed input */
  payload: string;
  /** WAITING | RUNNING | DONE | FAILED */
  state: string;
  /** JSON: tasks done, flow store, revert position */
  progress: string | null;
  attempts: number;
  lease_owner: string | null;
  lease_expires_at: Timestamp | null;
  error: string | null;
  created_at: Timestamp;
  updated_at: Timestamp | null;
}

export interface Database {
  load_balancer: LoadBalancerTable;
  vip: VipTable;
  additional_vip: AdditionalVipTable;
  listener: ListenerTable;
  sni: SniTable;
  listener_cidr: ListenerCidrTable;
  pool: PoolTable;
  session_persistence: SessionPersistenceTable;
  member: MemberTable;
  health_monitor: HealthMonitorTable;
  l7policy: L7PolicyTable;
  l7rule: L7RuleTable;
  tags: TagTable;
  amphora: AmphoraTable;
  amphora_health: AmphoraHealthTable;
  listener_statistics: ListenerStatisticsTable;
  vrrp_group: VrrpGroupTable;
  quotas: QuotasTable;
  flavor_profile: FlavorProfileTable;
  flavor: FlavorTable;
  availability_zone_profile: AvailabilityZoneProfileTable;
  availability_zone: AvailabilityZoneTable;
  network_port: NetworkPortTable;
  job: JobTable;
}

export type LoadBalancerRow = Selectable<LoadBalancerTable>;
export type VipRow = Selectable<VipTable>;
export type AdditionalVipRow = Selectable<AdditionalVipTable>;
export type ListenerRow = Selectable<ListenerTable>;
export type PoolRow = Selectable<PoolTable>;
export type SessionPersistenceRow = Selectable<SessionPersistenceTable>;
export type MemberRow = Selectable<MemberTable>;
export type HealthMonitorRow = Selectable<HealthMonitorTable>;
export type L7PolicyRow = Selectable<L7PolicyTable>;
export type L7RuleRow = Selectable<L7RuleTable>;
export type AmphoraRow = Selectable<AmphoraTable>;
export type NetworkPortRow = Selectable<NetworkPortTable>;
export type ListenerStatisticsRow = Selectable<ListenerStatisticsTable>;
export type { Insertable, Updateable };
export type JobRow = Selectable<JobTable>;

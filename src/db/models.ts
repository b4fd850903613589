// Domain records as repositories return them: column values decoded (booleans, JSON lists), child references
// resolved to id lists, tags attached. The API renders these; providers and flows receive them.
export type { AdditionalVip, LoadBalancer, Vip } from './repositories/load-balancers.js';

export interface Listener {
  id: string;
  project_id: string | null;
  name: string | null;
  description: string | null;
  protocol: string;
  protocol_port: number;
  connection_limit: number | null;
  load_balancer_id: string;
  tls_certificate_id: string | null;
  default_pool_id: string | null;
  provisioning_status: string;
  operating_status: string;
  enabled: boolean;
  insert_headers: Record<string, string>;
  timeout_client_data: number | null;
  timeout_member_connect: number | null;
  timeout_member_data: number | null;
  timeout_tcp_inspect: number | null;
  client_ca_tls_certificate_id: string | null;
  client_authentication: string;
  client_crl_container_id: string | null;
  tls_ciphers: string | null;
  tls_versions: string[] | null;
  alpn_protocols: string[] | null;
  sni_container_refs: string[];
  allowed_cidrs: string[];
  /** L7 policy ids in position order */
  l7policy_ids: string[];
  created_at: string;
  updated_at: string | null;
  tags: string[];
}

export interface SessionPersistence {
  type: string;
  cookie_name: string | null;
  persistence_timeout: number | null;
  persistence_granularity: string | null;
}

export interface Pool {
  id: string;
  project_id: string | null;
  name: string | null;
  description: string | null;
  protocol: string;
  lb_algorithm: string;
  provisioning_status: string;
  operating_status: string;
  enabled: boolean;
  load_balancer_id: string;
  tls_certificate_id: string | null;
  ca_tls_certificate_id: string | null;
  crl_container_id: string | null;
  tls_enabled: boolean;
  tls_ciphers: string | null;
  tls_versions: string[] | null;
  alpn_protocols: string[] | null;
  session_persistence: SessionPersistence | null;
  health_monitor_id: string | null;
  member_ids: string[];
  /** listeners using the pool as default pool, or through an enabled L7 policy with rules */
  listener_ids: string[];
  created_at: string;
  updated_at: string | null;
  tags: string[];
}

export interface Member {
  id: string;
  project_id: string | null;
  pool_id: string;
  subnet_id: string | null;
  ip_address: string;
  protocol_port: number;
  weight: number | null;
  backup: boolean;
  monitor_address: string | null;
  monitor_port: number | null;
  provisioning_status: string;
  operating_status: string;
  enabled: boolean;
  name: string | null;
  created_at: string;
  updated_at: string | null;
  tags: string[];
}

export interface HealthMonitor {
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
  enabled: boolean;
  name: string | null;
  provisioning_status: string;
  operating_status: string;
  http_version: number | null;
  domain_name: string | null;
  created_at: string;
  updated_at: string | null;
  tags: string[];
}

export interface L7Policy {
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
  enabled: boolean;
  provisioning_status: string;
  operating_status: string;
  rule_ids: string[];
  created_at: string;
  updated_at: string | null;
  tags: string[];
}

export interface L7Rule {
  id: string;
  project_id: string | null;
  l7policy_id: string;
  type: string;
  compare_type: string;
  key: string | null;
  value: string;
  invert: boolean;
  enabled: boolean;
  provisioning_status: string;
  operating_status: string;
  created_at: string;
  updated_at: string | null;
  tags: string[];
}

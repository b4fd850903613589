// The complete description of one load balancer that the controller sends to an amphora: everything the data plane
// needs to render haproxy.cfg (and keepalived.conf), nothing it does not. Objects being deleted are left out.

export interface GraphSessionPersistence {
  type: string;
  cookie_name: string | null;
  persistence_timeout: number | null;
  persistence_granularity: string | null;
}

export interface GraphHealthMonitor {
  id: string;
  type: string;
  delay: number;
  timeout: number;
  rise_threshold: number;
  fall_threshold: number;
  http_method: string | null;
  url_path: string | null;
  expected_codes: string | null;
  http_version: number | null;
  domain_name: string | null;
  enabled: boolean;
}

export interface GraphMember {
  id: string;
  address: string;
  protocol_port: number;
  weight: number;
  backup: boolean;
  enabled: boolean;
  monitor_address: string | null;
  monitor_port: number | null;
  operating_status: string;
}

export interface GraphPool {
  id: string;
  protocol: string;
  lb_algorithm: string;
  enabled: boolean;
  session_persistence: GraphSessionPersistence | null;
  health_monitor: GraphHealthMonitor | null;
  members: GraphMember[];
  tls_enabled: boolean;
  tls_ciphers: string | null;
  tls_versions: string[] | null;
  alpn_protocols: string[] | null;
}

export interface GraphL7Rule {
  id: string;
  type: string;
  compare_type: string;
  key: string | null;
  value: string;
  invert: boolean;
  enabled: boolean;
}

export interface GraphL7Policy {
  id: string;
  action: string;
  position: number;
  redirect_pool_id: string | null;
  redirect_url: string | null;
  redirect_prefix: string | null;
  redirect_http_code: number | null;
  enabled: boolean;
  rules: GraphL7Rule[];
}

export interface GraphListener {
  id: string;
  protocol: string;
  protocol_port: number;
  enabled: boolean;
  connection_limit: number;
  default_pool_id: string | null;
  insert_headers: Record<string, string>;
  timeout_client_data: number;
  timeout_member_connect: number;
  timeout_member_data: number;
  timeout_tcp_inspect: number;
  allowed_cidrs: string[];
  tls_ciphers: string | null;
  tls_versions: string[] | null;
  alpn_protocols: string[] | null;
  client_authentication: string;
  l7policies: GraphL7Policy[];
}

export interface LoadBalancerGraph {
  id: string;
  project_id: string | null;
  enabled: boolean;
  topology: string;
  vip: { ip_address: string; subnet_id: string | null; network_id: string | null; port_id: string | null };
  additional_vips: { ip_address: string; subnet_id: string }[];
  listeners: GraphListener[];
  pools: GraphPool[];
}

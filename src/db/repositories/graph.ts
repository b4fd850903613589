// Builds the LoadBalancerGraph an amphora is configured from. Objects in PENDING_DELETE are left out: that is how
// "mark pending delete → push config → delete row" removes an object from the data plane.
import type { GraphListener, GraphPool, LoadBalancerGraph } from '../../contracts/load-balancer-graph.js';
import type { Db } from '../connection.js';
import { loadHealthMonitors } from './health-monitors.js';
import { loadL7Policies } from './l7policies.js';
import { loadL7Rules } from './l7rules.js';
import { loadListeners } from './listeners.js';
import { getLoadBalancer, loadLoadBalancers } from './load-balancers.js';
import { loadMembers } from './members.js';
import { loadPools } from './pools.js';

const live = (o: { provisioning_status: string }) => o.provisioning_status !== 'PENDING_DELETE' && o.provisioning_status !== 'DELETED';

export async function loadLoadBalancerGraph(db: Db, lbId: string): Promise<LoadBalancerGraph | null> {
  const lb = (await getLoadBalancer(db, lbId)) ?? (await loadLoadBalancers(db, [lbId]))[0];
  if (!lb) return null;
  const pools: GraphPool[] = [];
  for (const p of (await loadPools(db, lb.pool_ids)).filter(live)) {
    const members = (await loadMembers(db, p.member_ids)).filter(live);
    const [hm] = p.health_monitor_id ? (await loadHealthMonitors(db, [p.health_monitor_id])).filter(live) : [];
    pools.push({
      id: p.id,
      protocol: p.protocol,
      lb_algorithm: p.lb_algorithm,
      enabled: p.enabled,
      session_persistence: p.session_persistence,
      health_monitor: hm
        ? {
            id: hm.id,
            type: hm.type,
            delay: hm.delay,
            timeout: hm.timeout,
            rise_threshold: hm.rise_threshold,
            fall_threshold: hm.fall_threshold,
            http_method: hm.http_method,
            url_path: hm.url_path,
            expected_codes: hm.expected_codes,
            http_version: hm.http_version,
            domain_name: hm.domain_name,
            enabled: hm.enabled,
          }
        : null,
      members: members.map((m) => ({
        id: m.id,
        address: m.ip_address,
        protocol_port: m.protocol_port,
        weight: m.weight ?? 1,
        backup: m.backup,
        enabled: m.enabled,
        monitor_address: m.monitor_address,
        monitor_port: m.monitor_port,
        operating_status: m.operating_status,
      })),
      tls_enabled: p.tls_enabled,
      tls_ciphers: p.tls_ciphers,
      tls_versions: p.tls_versions,
      alpn_protocols: p.alpn_protocols,
    });
  }
  const livePools = new Set(pools.map((p) => p.id));
  const listeners: GraphListener[] = [];
  for (const l of (await loadListeners(db, lb.listener_ids)).filter(live)) {
    const policies = (await loadL7Policies(db, l.l7policy_ids)).filter(live);
    const l7policies = [];
    for (const p of policies) {
      const rules = (await loadL7Rules(db, p.rule_ids)).filter(live);
      l7policies.push({
        id: p.id,
        action: p.action,
        position: p.position,
        redirect_pool_id: p.redirect_pool_id && livePools.has(p.redirect_pool_id) ? p.redirect_pool_id : null,
        redirect_url: p.redirect_url,
        redirect_prefix: p.redirect_prefix,
        redirect_http_code: p.redirect_http_code,
        enabled: p.enabled,
        rules: rules.map((r) => ({
          id: r.id,
          type: r.type,
          compare_type: r.compare_type,
          key: r.key,
          value: r.value,
          invert: r.invert,
          enabled: r.enabled,
        })),
      });
    }
    listeners.push({
      id: l.id,
      protocol: l.protocol,
      protocol_port: l.protocol_port,
      enabled: l.enabled,
      connection_limit: l.connection_limit ?? -1,
      default_pool_id: l.default_pool_id && livePools.has(l.default_pool_id) ? l.default_pool_id : null,
      insert_headers: l.insert_headers,
      timeout_client_data: l.timeout_client_data ?? 50000,
      timeout_member_connect: l.timeout_member_connect ?? 5000,
      timeout_member_data: l.timeout_member_data ?? 50000,
      timeout_tcp_inspect: l.timeout_tcp_inspect ?? 0,
      allowed_cidrs: l.allowed_cidrs,
      tls_ciphers: l.tls_ciphers,
      tls_versions: l.tls_versions,
      alpn_protocols: l.alpn_protocols,
      client_authentication: l.client_authentication,
      l7policies,
    });
  }
  return {
    id: lb.id,
    project_id: lb.project_id,
    enabled: lb.enabled,
    topology: lb.topology ?? 'SINGLE',
    vip: { ip_address: lb.vip.ip_address ?? '', subnet_id: lb.vip.subnet_id, network_id: lb.vip.network_id, port_id: lb.vip.port_id },
    additional_vips: lb.additional_vips
      .filter((a) => a.ip_address)
      .map((a) => ({ ip_address: a.ip_address as string, subnet_id: a.subnet_id })),
    listeners,
    pools,
  };
}

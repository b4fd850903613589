// The driver's networks, subnets and ports as Neutron's API shows them (tenant_id mirrors project_id, as Neutron's
// populate_project_info does).
import type { Network, Port, Subnet } from '../../drivers/network/network-driver.js';

export function renderNetwork(n: Network): Record<string, unknown> {
  return {
    id: n.id,
    name: n.name,
    tenant_id: n.project_id,
    project_id: n.project_id,
    subnets: n.subnets,
    admin_state_up: n.admin_state_up,
    status: n.status,
    shared: n.shared,
    mtu: n.mtu,
    'router:external': false,
  };
}

export function renderSubnet(s: Subnet): Record<string, unknown> {
  return {
    id: s.id,
    name: s.name,
    network_id: s.network_id,
    tenant_id: s.project_id,
    project_id: s.project_id,
    cidr: s.cidr,
    ip_version: s.ip_version,
    gateway_ip: s.gateway_ip,
    allocation_pools: s.allocation_pools,
    enable_dhcp: s.enable_dhcp,
    dns_nameservers: [],
    host_routes: [],
  };
}

export function renderPort(p: Port): Record<string, unknown> {
  return {
    id: p.id,
    name: p.name,
    network_id: p.network_id,
    tenant_id: p.project_id,
    project_id: p.project_id,
    fixed_ips: p.fixed_ips,
    device_id: p.device_id ?? '',
    device_owner: p.device_owner ?? '',
    status: p.status,
    admin_state_up: p.admin_state_up,
    qos_policy_id: p.qos_policy_id,
  };
}

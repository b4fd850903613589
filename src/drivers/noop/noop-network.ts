// network_noop_driver: every network and subnet exists; VIPs come from 127.81.0.0/16 and nothing is plugged
// anywhere. Allocations and plugs are recorded so tests can check they were all released.
import { createHash, randomUUID } from 'node:crypto';
import type { Db } from '../../db/connection.js';
import type { AllocatedVip, Network, NetworkDriver, Port, Subnet, VipPlugResult, VipRequest } from '../network/network-driver.js';
import type { NoopRecorder } from './recorder.js';

const CIDR = '127.81.0.0/16';

export class NoopNetworkDriver implements NetworkDriver {
  readonly name = 'network_noop_driver';
  readonly qosEnabled = true;
  private readonly ports = new Map<string, Port>();

  constructor(private readonly recorder: NoopRecorder) {}

  async initialize(): Promise<void> {}

  private subnet(id: string): Subnet {
    return {
      id, name: `subnet-${id.slice(0, 8)}`, network_id: id, project_id: 'noop', cidr: CIDR, ip_version: 4, gateway_ip: null,
      allocation_pools: [{ start: '127.81.0.1', end: '127.81.255.254' }], enable_dhcp: false,
    };
  }

  async listNetworks(): Promise<Network[]> {
    return [];
  }

  async getNetwork(_db: Db, id: string): Promise<Network | null> {
    return { id, name: `network-${id.slice(0, 8)}`, project_id: 'noop', subnets: [id], admin_state_up: true, status: 'ACTIVE', shared: true, mtu: 1500 };
  }

  async listSubnets(): Promise<Subnet[]> {
    return [];
  }

  async getSubnet(_db: Db, id: string): Promise<Subnet | null> {
    return this.subnet(id);
  }

  async listPorts(): Promise<Port[]> {
    return [...this.ports.values()];
  }

  async getPort(_db: Db, id: string): Promise<Port | null> {
    return this.ports.get(id) ?? null;
  }

  async getQosPolicy(_db: Db, id: string): Promise<{ id: string } | null> {
    return { id };
  }

  async subnetAvailability(): Promise<number> {
    return 65534;
  }

  async allocateVip(_db: Db, request: VipRequest): Promise<AllocatedVip> {
    const h = createHash('sha256').update(request.loadBalancerId).digest();
    const ip = request.ipAddress ?? `127.81.${h[0]}.${(h[1] ?? 0) % 254 + 1}`;
    const portId = request.portId ?? randomUUID();
    this.recorder.record('network', 'allocate_vip', portId);
    this.ports.set(portId, {
      id: portId, name: `octavia-lb-${request.loadBalancerId}`, network_id: request.networkId, project_id: request.projectId,
      fixed_ips: [{ subnet_id: request.subnetId, ip_address: ip }], device_id: `lb-${request.loadBalancerId}`, device_owner: 'Octavia',
      qos_policy_id: null, status: 'ACTIVE', admin_state_up: true,
    });
    return { port_id: portId, ip_address: ip, subnet_id: request.subnetId, network_id: request.networkId, octavia_owned: request.portId === null };
  }

  async deallocateVip(_db: Db, vip: { port_id: string | null }): Promise<void> {
    if (!vip.port_id) return;
    this.recorder.record('network', 'deallocate_vip', vip.port_id);
    this.ports.delete(vip.port_id);
  }

  async plugVip(_db: Db, amphoraId: string, vip: { ip_address: string; port_id: string | null }): Promise<VipPlugResult> {
    this.recorder.record('network', 'plug_vip', amphoraId);
    return { vrrp_ip: null, ha_ip: vip.ip_address, vrrp_port_id: null, ha_port_id: vip.port_id, subnet_cidr: CIDR, gateway: null };
  }

  async unplugVip(_db: Db, amphoraId: string): Promise<void> {
    this.recorder.record('network', 'unplug_vip', amphoraId);
  }
}

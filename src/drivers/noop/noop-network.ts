// network_noop_driver, as Octavia's (octavia/network/drivers/noop_driver): every UUID is a network, a subnet of any
// network it is asked about, and a port (one with no address, unless a VIP was allocated on it here). VIPs come
// from 127.81.0.0/16 and nothing is plugged anywhere. Allocations and plugs are recorded so tests can check they
// were all released. What it learns (which network a subnet was used on, the VIP ports) lives in this process only.
import { createHash, randomUUID } from 'node:crypto';
import { derivedUuid } from '../../common/ids.js';
import type { AllocatedVip, Network, NetworkDriver, Port, Subnet, VipPlugResult, VipRequest } from '../network/network-driver.js';
import type { NoopRecorder } from './recorder.js';

const CIDR = '127.81.0.0/16';
const OWNER = 'noop';

function addressFor(seed: string): string {
  const h = createHash('sha256').update(seed).digest();
  return `127.81.${h[0]}.${((h[1] ?? 0) % 254) + 1}`;
}

export class NoopNetworkDriver implements NetworkDriver {
  readonly name = 'network_noop_driver';
  readonly qosEnabled = true;
  private readonly ports = new Map<string, Port>();
  /** subnet → the network it was validated on (Octavia's noop network.subnets records them the same way) */
  private readonly subnetNetworks = new Map<string, string>();
  private readonly networkSubnets = new Map<string, Set<string>>();

  constructor(private readonly recorder: NoopRecorder) {}

  async initialize(): Promise<void> {}

  /** A subnet never seen on a network belongs to the network of the same id, whose first subnet it is. */
  private subnet(id: string): Subnet {
    return {
      id,
      name: `subnet-${id.slice(0, 8)}`,
      network_id: this.subnetNetworks.get(id) ?? id,
      project_id: OWNER,
      cidr: CIDR,
      ip_version: 4,
      gateway_ip: null,
      allocation_pools: [{ start: '127.81.0.1', end: '127.81.255.254' }],
      enable_dhcp: false,
    };
  }

  async listNetworks(): Promise<Network[]> {
    return [];
  }

  async getNetwork(id: string): Promise<Network | null> {
    const subnets = [id, ...(this.networkSubnets.get(id) ?? [])];
    return {
      id,
      name: `network-${id.slice(0, 8)}`,
      project_id: OWNER,
      subnets,
      admin_state_up: true,
      status: 'ACTIVE',
      shared: true,
      mtu: 1500,
    };
  }

  async listSubnets(): Promise<Subnet[]> {
    return [];
  }

  async getSubnet(id: string): Promise<Subnet | null> {
    return this.subnet(id);
  }

  async getNetworkSubnet(networkId: string, subnetId: string): Promise<Subnet | null> {
    const before = this.subnetNetworks.get(subnetId) ?? subnetId;
    if (before !== networkId) {
      // a subnet is on one network at a time, the last one it was used on
      this.networkSubnets.get(before)?.delete(subnetId);
      this.subnetNetworks.set(subnetId, networkId);
      if (subnetId !== networkId) {
        const onNetwork = this.networkSubnets.get(networkId) ?? new Set<string>();
        this.networkSubnets.set(networkId, onNetwork.add(subnetId));
      } else {
        this.subnetNetworks.delete(subnetId);
      }
    }
    return this.subnet(subnetId);
  }

  async listPorts(): Promise<Port[]> {
    return [...this.ports.values()];
  }

  /** Octavia's noop get_port: a port of that id, on no network and without addresses, unless it is a VIP port. */
  async getPort(id: string): Promise<Port | null> {
    return (
      this.ports.get(id) ?? {
        id,
        name: '',
        network_id: '',
        project_id: null,
        fixed_ips: [],
        device_id: null,
        device_owner: null,
        qos_policy_id: null,
        status: 'ACTIVE',
        admin_state_up: true,
      }
    );
  }

  async getQosPolicy(id: string): Promise<{ id: string } | null> {
    return { id };
  }

  async subnetAvailability(): Promise<number> {
    return 65534;
  }

  async allocateVip(request: VipRequest): Promise<AllocatedVip> {
    const ip = request.ipAddress ?? addressFor(request.loadBalancerId);
    const portId = request.portId ?? randomUUID();
    this.recorder.record('network', 'allocate_vip', portId);
    this.ports.set(portId, {
      id: portId,
      name: `octavia-lb-${request.loadBalancerId}`,
      network_id: request.networkId,
      project_id: request.projectId,
      fixed_ips: [{ subnet_id: request.subnetId, ip_address: ip }],
      device_id: `lb-${request.loadBalancerId}`,
      device_owner: 'Octavia',
      qos_policy_id: null,
      status: 'ACTIVE',
      admin_state_up: true,
    });
    return {
      port_id: portId,
      ip_address: ip,
      subnet_id: request.subnetId,
      network_id: request.networkId,
      octavia_owned: request.portId === null,
    };
  }

  async deallocateVip(vip: { port_id: string | null }): Promise<void> {
    if (!vip.port_id) return;
    this.recorder.record('network', 'deallocate_vip', vip.port_id);
    this.ports.delete(vip.port_id);
  }

  /**
   * As allowed address pairs attach an amphora: a VRRP port of its own (a UUID, with an address) carrying the VIP
   * port (the HA port) as an allowed address. Both derive from the amphora, so a re-run plug reports the same.
   */
  async plugVip(amphoraId: string, vip: { ip_address: string; port_id: string | null }): Promise<VipPlugResult> {
    this.recorder.record('network', 'plug_vip', amphoraId);
    return {
      vrrp_ip: addressFor(`vrrp:${amphoraId}`),
      ha_ip: vip.ip_address,
      vrrp_port_id: derivedUuid(`vrrp-port:${amphoraId}`),
      ha_port_id: vip.port_id ?? derivedUuid(`ha-port:${amphoraId}`),
      subnet_cidr: CIDR,
      gateway: null,
    };
  }

  async unplugVip(amphoraId: string): Promise<void> {
    this.recorder.record('network', 'unplug_vip', amphoraId);
  }
}

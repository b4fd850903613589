// The embedded network driver: one VIP network "loopback-vip" with subnet 127.80.0.0/16. Every address of
// 127.0.0.0/8 is local on Linux, so a VIP here is reachable from the box with nothing to plug. Ports are kept by
// the store the driver is constructed with; its uniqueness of (subnet, address) is what makes two load balancers
// never share a VIP.
import { randomInt, randomUUID } from 'node:crypto';
import { isIP } from 'node:net';
import { bigIntToIp, cidrContains, ipToBigInt, normalizeIp } from '../../common/ip.js';
import type { LoopbackPort, LoopbackPortStore } from './loopback-port-store.js';
import {
  type AllocatedVip,
  type Network,
  type NetworkDriver,
  NetworkServiceError,
  type Port,
  type Subnet,
  type VipPlugResult,
  type VipRequest,
} from './network-driver.js';

export const LOOPBACK_NETWORK_ID = '6c6f6f70-6261-4b63-8000-000000000001';
export const LOOPBACK_SUBNET_ID = '6c6f6f70-6261-4b63-8000-000000000002';
export const LOOPBACK_NAME = 'loopback-vip';
export const LOOPBACK_CIDR = '127.80.0.0/16';
const POOL_START = '127.80.0.1';
const POOL_END = '127.80.255.254';
const OWNER = 'Octavia';
const MAX_ALLOCATION_ATTEMPTS = 8;

const NETWORK: Network = {
  id: LOOPBACK_NETWORK_ID,
  name: LOOPBACK_NAME,
  project_id: OWNER,
  subnets: [LOOPBACK_SUBNET_ID],
  admin_state_up: true,
  status: 'ACTIVE',
  shared: true,
  mtu: 65536,
};

const SUBNET: Subnet = {
  id: LOOPBACK_SUBNET_ID,
  name: LOOPBACK_NAME,
  network_id: LOOPBACK_NETWORK_ID,
  project_id: OWNER,
  cidr: LOOPBACK_CIDR,
  ip_version: 4,
  gateway_ip: null,
  allocation_pools: [{ start: POOL_START, end: POOL_END }],
  enable_dhcp: false,
};

function portFrom(row: LoopbackPort): Port {
  return {
    id: row.id,
    name: row.name ?? '',
    network_id: row.network_id,
    project_id: row.project_id,
    fixed_ips: [{ subnet_id: row.subnet_id, ip_address: row.ip_address }],
    device_id: row.device_id,
    device_owner: row.device_owner,
    qos_policy_id: null,
    status: 'ACTIVE',
    admin_state_up: true,
  };
}

export class LoopbackNetworkDriver implements NetworkDriver {
  readonly name = 'loopback';
  readonly qosEnabled = false;

  constructor(private readonly ports: LoopbackPortStore) {}

  async initialize(): Promise<void> {
    // the network and subnet are constants; only ports live in the database
  }

  async listNetworks(): Promise<Network[]> {
    return [NETWORK];
  }

  async getNetwork(id: string): Promise<Network | null> {
    return id === LOOPBACK_NETWORK_ID ? NETWORK : null;
  }

  async listSubnets(): Promise<Subnet[]> {
    return [SUBNET];
  }

  async getSubnet(id: string): Promise<Subnet | null> {
    return id === LOOPBACK_SUBNET_ID ? SUBNET : null;
  }

  async getNetworkSubnet(networkId: string, subnetId: string): Promise<Subnet | null> {
    return networkId === LOOPBACK_NETWORK_ID && subnetId === LOOPBACK_SUBNET_ID ? SUBNET : null;
  }

  async listPorts(): Promise<Port[]> {
    return (await this.ports.list()).map(portFrom);
  }

  async getPort(id: string): Promise<Port | null> {
    const row = await this.ports.get(id);
    return row ? portFrom(row) : null;
  }

  async getQosPolicy(): Promise<{ id: string } | null> {
    return null;
  }

  async subnetAvailability(subnetId: string): Promise<number> {
    if (subnetId !== LOOPBACK_SUBNET_ID) return 0;
    const total = Number(ipToBigInt(POOL_END) - ipToBigInt(POOL_START) + 1n);
    return total - (await this.ports.countOnSubnet(subnetId));
  }

  async allocateVip(request: VipRequest): Promise<AllocatedVip> {
    if (request.portId) return this.claimPort(request);
    const subnet = await this.getSubnet(request.subnetId);
    if (!subnet) throw new NetworkServiceError(400, `Subnet ${request.subnetId} not found.`);
    if (request.ipAddress) {
      const ip = normalizeIp(request.ipAddress);
      if (!cidrContains(subnet.cidr, ip) || !inPool(ip)) {
        throw new NetworkServiceError(400, `IP address ${request.ipAddress} is not a valid IP for the specified subnet.`);
      }
      const port = await this.tryInsert(request, ip);
      if (!port) throw new NetworkServiceError(409, `IP address ${ip} already allocated in subnet ${subnet.id}`);
      return port;
    }
    for (let attempt = 0; attempt < MAX_ALLOCATION_ATTEMPTS; attempt++) {
      const ip = await this.freeAddress(subnet.id);
      if (!ip) break;
      const port = await this.tryInsert(request, ip);
      if (port) return port;
    }
    throw new NetworkServiceError(409, `No more IP addresses available on network ${subnet.network_id}.`);
  }

  async deallocateVip(vip: { port_id: string | null; octavia_owned: boolean }): Promise<void> {
    if (!vip.port_id) return;
    if (vip.octavia_owned) await this.ports.delete(vip.port_id);
    else await this.ports.release(vip.port_id);
  }

  /** Loopback addresses are local already: there is nothing to attach, only the addressing to report. */
  async plugVip(_amphoraId: string, vip: { ip_address: string; port_id: string | null }): Promise<VipPlugResult> {
    return { vrrp_ip: null, ha_ip: vip.ip_address, vrrp_port_id: null, ha_port_id: vip.port_id, subnet_cidr: LOOPBACK_CIDR, gateway: null };
  }

  async unplugVip(): Promise<void> {}

  private async claimPort(request: VipRequest): Promise<AllocatedVip> {
    const port = await this.getPort(request.portId as string);
    if (!port) throw new NetworkServiceError(400, `Port ${request.portId} not found.`);
    const ip = port.fixed_ips[0] as { subnet_id: string; ip_address: string };
    if (!(await this.ports.claim(port.id, `lb-${request.loadBalancerId}`, OWNER))) {
      throw new NetworkServiceError(400, `Port ${port.id} is already used by device ${port.device_id}`);
    }
    return { port_id: port.id, ip_address: ip.ip_address, subnet_id: ip.subnet_id, network_id: port.network_id, octavia_owned: false };
  }

  private async tryInsert(request: VipRequest, ip: string): Promise<AllocatedVip | null> {
    const id = randomUUID();
    const inserted = await this.ports.insert({
      id,
      network_id: LOOPBACK_NETWORK_ID,
      subnet_id: LOOPBACK_SUBNET_ID,
      ip_address: ip,
      project_id: request.projectId,
      name: `octavia-lb-${request.loadBalancerId}`,
      device_id: `lb-${request.loadBalancerId}`,
      device_owner: OWNER,
    });
    if (!inserted) return null;
    return { port_id: id, ip_address: ip, subnet_id: LOOPBACK_SUBNET_ID, network_id: LOOPBACK_NETWORK_ID, octavia_owned: true };
  }

  /**
   * A free address, scanning from a random point of the pool: concurrent allocations (many API processes) then
   * rarely race for the same one, and a lost race is retried by the caller.
   */
  private async freeAddress(subnetId: string): Promise<string | null> {
    const used = new Set(await this.ports.addresses(subnetId));
    const start = ipToBigInt(POOL_START);
    const size = ipToBigInt(POOL_END) - start + 1n;
    const offset = BigInt(randomInt(Number(size)));
    for (let i = 0n; i < size; i++) {
      const ip = bigIntToIp(start + ((offset + i) % size), 4);
      if (!used.has(ip)) return ip;
    }
    return null;
  }
}

function inPool(ip: string): boolean {
  if (isIP(ip) !== 4) return false;
  const v = ipToBigInt(ip);
  return v >= ipToBigInt(POOL_START) && v <= ipToBigInt(POOL_END);
}

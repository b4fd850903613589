// The network driver family (Octavia's network/base.py): what the API and the worker need from the network
// service. Implementations: loopback (embedded default), noop; a Neutron driver can follow the same contract.

export interface Network {
  id: string;
  name: string;
  project_id: string;
  subnets: string[];
  admin_state_up: boolean;
  status: string;
  shared: boolean;
  mtu: number;
}

export interface Subnet {
  id: string;
  name: string;
  network_id: string;
  project_id: string;
  cidr: string;
  ip_version: 4 | 6;
  gateway_ip: string | null;
  allocation_pools: { start: string; end: string }[];
  enable_dhcp: boolean;
}

export interface FixedIp {
  subnet_id: string;
  ip_address: string;
}

export interface Port {
  id: string;
  name: string;
  network_id: string;
  project_id: string | null;
  fixed_ips: FixedIp[];
  device_id: string | null;
  device_owner: string | null;
  qos_policy_id: string | null;
  status: string;
  admin_state_up: boolean;
}

export interface VipRequest {
  loadBalancerId: string;
  projectId: string | null;
  networkId: string;
  subnetId: string;
  /** a chosen address; allocated from the subnet when absent */
  ipAddress: string | null;
  /** an existing port the user supplied; the driver only records it */
  portId: string | null;
}

export interface AllocatedVip {
  port_id: string;
  ip_address: string;
  subnet_id: string;
  network_id: string;
  /** true when the driver created the port (and must release it on delete) */
  octavia_owned: boolean;
}

/** An error the network service reports with an HTTP-ready status (Neutron's orig_code/orig_msg in Octavia). */
export class NetworkServiceError extends Error {
  override readonly name = 'NetworkServiceError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** How an amphora ended up attached to its VIP (Octavia's PlugVIPAmphora outputs). */
export interface VipPlugResult {
  vrrp_ip: string | null;
  ha_ip: string;
  vrrp_port_id: string | null;
  ha_port_id: string | null;
  subnet_cidr: string | null;
  gateway: string | null;
}

/**
 * No method takes a database: a driver is given what it keeps at construction (loopback: a port store; a Neutron
 * driver would hold its client), so it can never join a caller's transaction. What must be atomic with a
 * load balancer's rows is kept so by compensation instead, as Octavia does with Neutron ports: the VIP is allocated
 * before the load balancer transaction and released if that transaction fails; a delete releases it in a step of
 * its own (the delete flow's deallocate_vip, or the status updater once its transaction has committed).
 */
export interface NetworkDriver {
  readonly name: string;
  /** prepares the driver's own inventory (fixed networks); called once per process start */
  initialize(): Promise<void>;
  listNetworks(): Promise<Network[]>;
  getNetwork(id: string): Promise<Network | null>;
  listSubnets(): Promise<Subnet[]>;
  getSubnet(id: string): Promise<Subnet | null>;
  /** The subnet when it is one of the network's (Octavia: `subnet_id in network.subnets`), else null. */
  getNetworkSubnet(networkId: string, subnetId: string): Promise<Subnet | null>;
  listPorts(): Promise<Port[]>;
  getPort(id: string): Promise<Port | null>;
  getQosPolicy(id: string): Promise<{ id: string } | null>;
  readonly qosEnabled: boolean;
  /** Free addresses per subnet, for picking a VIP subnet of a network. */
  subnetAvailability(subnetId: string): Promise<number>;
  /** Creates (or claims) the VIP port, before the load balancer is written. */
  allocateVip(request: VipRequest): Promise<AllocatedVip>;
  /** Releases a VIP port the driver owns; idempotent. */
  deallocateVip(vip: { port_id: string | null; octavia_owned: boolean }): Promise<void>;
  /** Attaches an amphora to the load balancer's VIP network; idempotent. */
  plugVip(amphoraId: string, vip: { ip_address: string; subnet_id: string | null; port_id: string | null }): Promise<VipPlugResult>;
  /** Detaches an amphora from the VIP network; idempotent, errors are the caller's to ignore. */
  unplugVip(amphoraId: string, vip: { ip_address: string; subnet_id: string | null }): Promise<void>;
}

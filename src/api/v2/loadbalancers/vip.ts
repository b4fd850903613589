// VIP request resolution (Octavia's _validate_vip_request_object): from a port, a network or a subnet, work out
// the network, subnet and (optionally) the address, or refuse with Octavia's message.
import { ApiFault, invalidSubresource, validationFailure } from '../../../common/faults.js';
import { cidrContains, normalizeIp } from '../../../common/ip.js';
import type { ApiServices } from '../../services.js';
import type { LoadBalancerPost } from './schema.js';

export interface VipPlan {
  networkId: string;
  subnetId: string;
  ipAddress: string | null;
  portId: string | null;
  qosPolicyId: string | null;
  additional: { subnet_id: string; ip_address: string | null; network_id: string }[];
}

export async function resolveVip(services: ApiServices, lb: LoadBalancerPost, topology: string): Promise<VipPlan> {
  const net = services.config.networking;
  const network = services.network;
  const allowed = [
    ...(net.allow_vip_port_id ? ['vip_port_id'] : []),
    ...(net.allow_vip_network_id ? ['vip_network_id'] : []),
    ...(net.allow_vip_subnet_id ? ['vip_subnet_id'] : []),
  ];
  const disallowed = (what: string) => validationFailure(`use of ${what} is disallowed by this deployment's configuration.`);
  if (lb.vip_port_id && !net.allow_vip_port_id) throw disallowed('vip_port_id');
  if (lb.vip_network_id && !net.allow_vip_network_id) throw disallowed('vip_network_id');
  if (lb.vip_subnet_id && !net.allow_vip_subnet_id) throw disallowed('vip_subnet_id');
  if (!lb.vip_port_id && !lb.vip_network_id && !lb.vip_subnet_id) {
    throw new ApiFault(400, `Validation failure: VIP must contain one of: ${allowed.join(', ')}.`);
  }

  let networkId = lb.vip_network_id ?? null;
  let subnetId = lb.vip_subnet_id ?? null;
  let address = lb.vip_address ?? null;
  let qos = lb.vip_qos_policy_id ?? null;
  const portId = lb.vip_port_id ?? null;

  if (portId) {
    const port = await network.getPort(portId);
    if (!port) throw invalidSubresource('Port', portId);
    if (port.device_id) throw validationFailure(`Port ${port.id} is already used by device ${port.device_id} `);
    networkId = port.network_id;
    if (port.qos_policy_id && lb.vip_qos_policy_id === undefined) qos = port.qos_policy_id;
    if (subnetId) {
      if (!(await network.getSubnet(subnetId))) throw invalidSubresource('Subnet', subnetId);
      const fixed = port.fixed_ips.find((f) => f.subnet_id === subnetId);
      if (!fixed) throw validationFailure('No VIP address found on the specified VIP port within the specified subnet.');
      address = fixed.ip_address;
    } else if (address) {
      const wanted = normalizeIp(address);
      const fixed = port.fixed_ips.find((f) => normalizeIp(f.ip_address) === wanted);
      if (!fixed) throw validationFailure('Specified VIP address not found on the specified VIP port.');
      subnetId = fixed.subnet_id;
    } else if (port.fixed_ips.length === 1) {
      subnetId = port.fixed_ips[0]!.subnet_id;
      address = port.fixed_ips[0]!.ip_address;
    } else {
      throw validationFailure("VIP port's subnet could not be determined. Please specify either a VIP subnet or address.");
    }
  } else if (networkId) {
    const found = await network.getNetwork(networkId);
    if (!found) throw invalidSubresource('Network', networkId);
    if (subnetId && !(await network.getNetworkSubnet(found.id, subnetId))) throw invalidSubresource('Subnet', subnetId);
    if (!subnetId) {
      if (address) {
        for (const id of found.subnets) {
          const subnet = await network.getSubnet(id);
          if (subnet && cidrContains(subnet.cidr, address)) {
            subnetId = id;
            break;
          }
        }
        if (!subnetId) throw validationFailure('Supplied network does not contain a subnet for VIP address specified.');
      } else {
        if (found.subnets.length === 0) throw validationFailure('Supplied network does not contain a subnet.');
        const needed = topology === 'ACTIVE_STANDBY' ? 3 : 2;
        const usable: string[] = [];
        for (const id of found.subnets) if ((await network.subnetAvailability(id)) >= needed) usable.push(id);
        if (usable.length === 0) throw validationFailure('Subnet(s) in the supplied network do not contain enough available IPs.');
        for (const id of usable) {
          subnetId ??= id;
          if ((await network.getSubnet(id))?.ip_version === 4) {
            subnetId = id;
            break;
          }
        }
      }
    }
  } else if (subnetId) {
    const subnet = await network.getSubnet(subnetId);
    if (!subnet) throw invalidSubresource('Subnet', subnetId);
    networkId = subnet.network_id;
  }
  if (qos) {
    if (!network.qosEnabled) throw validationFailure('VIP QoS policy is not allowed in this deployment.');
    if (!(await network.getQosPolicy(qos))) throw invalidSubresource('qos_policy', qos);
  }
  const additional = await resolveAdditionalVips(services, networkId as string, subnetId as string, lb.additional_vips ?? []);
  const validNetworks = net.valid_vip_networks.map((n) => n.toLowerCase());
  if (validNetworks.length > 0 && !validNetworks.includes((networkId as string).toLowerCase())) {
    throw validationFailure('Supplied VIP network_id is not allowed by the configuration of this deployment.');
  }
  return { networkId: networkId as string, subnetId: subnetId as string, ipAddress: address, portId, qosPolicyId: qos, additional };
}

async function resolveAdditionalVips(
  services: ApiServices,
  networkId: string,
  primarySubnet: string,
  extra: { subnet_id: string; ip_address?: string | null }[],
): Promise<VipPlan['additional']> {
  const used = new Set([primarySubnet]);
  for (const v of extra) {
    if (used.has(v.subnet_id)) throw validationFailure('Duplicate VIP subnet(s) specified. Only one IP can be bound per subnet.');
    used.add(v.subnet_id);
  }
  const networks = new Map<string, string>();
  for (const id of used) {
    // asked as "a subnet of the VIP network" first: the noop driver then places any subnet on that network
    const subnet = (await services.network.getNetworkSubnet(networkId, id)) ?? (await services.network.getSubnet(id));
    if (!subnet) throw invalidSubresource('Subnet', id);
    networks.set(id, subnet.network_id);
  }
  if (new Set(networks.values()).size > 1) throw validationFailure('All VIP subnets must belong to the same network.');
  return extra.map((v) => ({ subnet_id: v.subnet_id, ip_address: v.ip_address ?? null, network_id: networks.get(v.subnet_id) as string }));
}

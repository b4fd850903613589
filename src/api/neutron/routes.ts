// A read-only, Neutron-compatible view of the network driver's inventory, so that clients resolving
// --vip-subnet-id / --subnet-id by name or id against this endpoint (as the openstack CLI does) find it.
import type { FastifyInstance } from 'fastify';
import type { Network, Port, Subnet } from '../../drivers/network/network-driver.js';
import { type Query, selectFields } from '../list/params.js';
import type { ApiServices } from '../services.js';

const neutronNotFound = (kind: string, id: string) => ({
  NeutronError: { type: `${kind}NotFound`, message: `${kind} ${id} could not be found.`, detail: '' },
});

function renderNetwork(n: Network) {
  return {
    id: n.id, name: n.name, tenant_id: n.project_id, project_id: n.project_id, subnets: n.subnets,
    admin_state_up: n.admin_state_up, status: n.status, shared: n.shared, mtu: n.mtu, 'router:external': false,
  };
}

function renderSubnet(s: Subnet) {
  return {
    id: s.id, name: s.name, network_id: s.network_id, tenant_id: s.project_id, project_id: s.project_id, cidr: s.cidr,
    ip_version: s.ip_version, gateway_ip: s.gateway_ip, allocation_pools: s.allocation_pools, enable_dhcp: s.enable_dhcp,
    dns_nameservers: [], host_routes: [],
  };
}

function renderPort(p: Port) {
  return {
    id: p.id, name: p.name, network_id: p.network_id, tenant_id: p.project_id, project_id: p.project_id,
    fixed_ips: p.fixed_ips, device_id: p.device_id ?? '', device_owner: p.device_owner ?? '', status: p.status,
    admin_state_up: p.admin_state_up, qos_policy_id: p.qos_policy_id,
  };
}

/** Neutron list filters are equality on any attribute, repeatable (OR). */
function matches(obj: Record<string, unknown>, query: Query): boolean {
  for (const [key, raw] of Object.entries(query)) {
    if (raw === undefined || key === 'fields' || key === 'limit' || key === 'marker') continue;
    const wanted = Array.isArray(raw) ? raw : [raw];
    if (!wanted.includes(String(obj[key]))) return false;
  }
  return true;
}

/** Neutron's fields= is repeatable (fields=id&fields=name). */
function fieldsOf(query: Query): string[] | null {
  const raw = query.fields;
  if (raw === undefined) return null;
  return Array.isArray(raw) ? raw : [raw];
}

export function neutronRoutes(services: ApiServices) {
  return async (app: FastifyInstance): Promise<void> => {
    const { db, network } = services;
    const collection = <T>(path: string, key: string, kind: string, list: () => Promise<T[]>, get: (id: string) => Promise<T | null>, render: (t: T) => Record<string, unknown>) => {
      app.get(path, async (request) => {
        const query = request.query as Query;
        const fields = fieldsOf(query);
        return { [key]: (await list()).map(render).filter((o) => matches(o, query)).map((o) => selectFields(o, fields)) };
      });
      app.get<{ Params: { id: string } }>(`${path}/:id`, async (request, reply) => {
        const found = await get(request.params.id);
        if (!found) return reply.code(404).send(neutronNotFound(kind, request.params.id));
        return { [key.slice(0, -1)]: selectFields(render(found), fieldsOf(request.query as Query)) };
      });
    };
    collection('/networks', 'networks', 'Network', () => network.listNetworks(db), (id) => network.getNetwork(db, id), renderNetwork);
    collection('/subnets', 'subnets', 'Subnet', () => network.listSubnets(db), (id) => network.getSubnet(db, id), renderSubnet);
    collection('/ports', 'ports', 'Port', () => network.listPorts(db), (id) => network.getPort(db, id), renderPort);
  };
}

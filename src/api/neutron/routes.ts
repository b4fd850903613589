// A read-only, Neutron-compatible view of the network driver's inventory, so that clients resolving
// --vip-subnet-id / --subnet-id by name or id against this endpoint (as the openstack CLI does) find it. Reads are
// scoped as Neutron scopes them (visibility.ts), paged as Neutron pages them (pagination.ts), and refused with
// Neutron's error body (errors.ts).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Network, NetworkDriver, Port, Subnet } from '../../drivers/network/network-driver.js';
import { selectFields } from '../list/params.js';
import type { ApiServices } from '../services.js';
import { NeutronFault, type ResourceKind, resourceNotFound } from './errors.js';
import { listArgs, NON_FILTER_PARAMS, pageLinks, paginate, parsePageRequest } from './pagination.js';
import { renderNetwork, renderPort, renderSubnet } from './render.js';
import { NetworkLookup, networkVisible, portVisible, subnetVisible, type Viewer, viewerOf } from './visibility.js';

type Item = Record<string, unknown>;

interface Resource<T> {
  readonly collection: string;
  readonly member: string;
  readonly kind: ResourceKind;
  /** the attributes Neutron marks is_sort_key (those this view renders) */
  readonly sortable: ReadonlySet<string>;
  /**
   * Neutron looks a marker up by id (get_marker_obj) for networks and ports, so an unknown or hidden one is a 404;
   * subnets go through the OVO pager, which pages from the start instead.
   */
  readonly markerMustExist: boolean;
  list(driver: NetworkDriver): Promise<T[]>;
  get(driver: NetworkDriver, id: string): Promise<T | null>;
  visible(viewer: Viewer, item: T, networks: NetworkLookup): boolean | Promise<boolean>;
  render(item: T): Item;
}

const PROJECT_KEYS = ['id', 'name', 'tenant_id', 'project_id'];

const NETWORKS: Resource<Network> = {
  collection: 'networks',
  member: 'network',
  kind: 'Network',
  markerMustExist: true,
  sortable: new Set([...PROJECT_KEYS, 'admin_state_up', 'status', 'mtu']),
  list: (driver) => driver.listNetworks(),
  get: (driver, id) => driver.getNetwork(id),
  visible: (viewer, n) => networkVisible(viewer, n),
  render: renderNetwork,
};

const SUBNETS: Resource<Subnet> = {
  collection: 'subnets',
  member: 'subnet',
  kind: 'Subnet',
  markerMustExist: false,
  sortable: new Set([...PROJECT_KEYS, 'ip_version', 'network_id', 'cidr', 'gateway_ip', 'enable_dhcp']),
  list: (driver) => driver.listSubnets(),
  get: (driver, id) => driver.getSubnet(id),
  visible: subnetVisible,
  render: renderSubnet,
};

const PORTS: Resource<Port> = {
  collection: 'ports',
  member: 'port',
  kind: 'Port',
  markerMustExist: true,
  sortable: new Set([...PROJECT_KEYS, 'network_id', 'admin_state_up', 'device_id', 'device_owner', 'status']),
  list: (driver) => driver.listPorts(),
  get: (driver, id) => driver.getPort(id),
  visible: portVisible,
  render: renderPort,
};

/** neutron_lib's convert_to_boolean for the strings a query can carry. */
function booleanOf(value: string): boolean | null {
  const v = value.toLowerCase();
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  return null;
}

/** Neutron list filters are equality on any attribute, repeatable (OR). */
function matches(obj: Item, params: URLSearchParams): boolean {
  for (const key of new Set(params.keys())) {
    if (NON_FILTER_PARAMS.has(key)) continue;
    const wanted = listArgs(params, key);
    if (wanted.length === 0) continue;
    const have = obj[key];
    const hit = typeof have === 'boolean' ? wanted.some((w) => booleanOf(w) === have) : wanted.includes(String(have));
    if (!hit) return false;
  }
  return true;
}

/** The query string as sent, pairs in order (webob's request.GET), and the path it came on. */
function requestUrl(services: ApiServices, request: FastifyRequest): { pathUrl: string; params: URLSearchParams } {
  const raw = request.raw.url ?? request.url;
  const at = raw.indexOf('?');
  const path = at < 0 ? raw : raw.slice(0, at);
  const configured = services.config.api_settings.api_base_uri;
  const base = configured ? configured.replace(/\/+$/, '') : `${request.protocol}://${request.host}`;
  return { pathUrl: `${base}${path}`, params: new URLSearchParams(at < 0 ? '' : raw.slice(at + 1)) };
}

const fieldsOf = (params: URLSearchParams): string[] | null => {
  const fields = listArgs(params, 'fields');
  return fields.length > 0 ? fields : null;
};

export function neutronRoutes(services: ApiServices) {
  return async (app: FastifyInstance): Promise<void> => {
    const { network, enforcer } = services;

    app.setErrorHandler((error, _request, reply) => {
      if (error instanceof NeutronFault) return reply.code(error.status).type('application/json').send(error.body());
      throw error; // the application's handler: 401s, and 5xx without any driver's or database's words
    });

    const serve = <T>(r: Resource<T>): void => {
      app.get(`/${r.collection}`, async (request) => {
        const { pathUrl, params } = requestUrl(services, request);
        const viewer = viewerOf(enforcer, request.ctx);
        const networks = new NetworkLookup(network);
        const page = parsePageRequest(params, r.sortable);
        const visible: Item[] = [];
        for (const item of await r.list(network)) if (await r.visible(viewer, item, networks)) visible.push(r.render(item));
        let marker: Item | null = null;
        if (page.limit !== null && page.marker !== null) {
          const found = await r.get(network, page.marker);
          if (found && (await r.visible(viewer, found, networks))) marker = r.render(found);
          else if (r.markerMustExist) throw resourceNotFound(r.kind, page.marker);
        }
        const items = paginate(
          visible.filter((o) => matches(o, params)),
          page,
          marker,
        );
        const fields = fieldsOf(params);
        const body: Item = { [r.collection]: items.map((o) => selectFields(o, fields)) };
        const links = pageLinks(pathUrl, params, items, page);
        if (links.length > 0) body[`${r.collection}_links`] = links;
        return body;
      });
      app.get<{ Params: { id: string } }>(`/${r.collection}/:id`, async (request) => {
        const { params } = requestUrl(services, request);
        const found = await r.get(network, request.params.id);
        // another project's object answers exactly as a missing one does
        if (!found || !(await r.visible(viewerOf(enforcer, request.ctx), found, new NetworkLookup(network)))) {
          throw resourceNotFound(r.kind, request.params.id);
        }
        return { [r.member]: selectFields(r.render(found), fieldsOf(params)) };
      });
    };
    serve(NETWORKS);
    serve(SUBNETS);
    serve(PORTS);
  };
}

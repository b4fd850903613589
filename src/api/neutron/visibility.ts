// Who sees which network, subnet and port: Neutron's scoping. Neutron filters every read by the caller's project
// (its model_query hooks) and then by the get_<resource> rule (Zed defaults, old and new rules or'ed:
// admin_or_owner / project reader, or shared): a project sees its own objects, every shared network and the subnets
// of shared networks, and the ports of networks it owns. Nothing is refused with 403: a list leaves out what the
// caller may not see and a show answers as if the object did not exist. Who sees everything is Octavia's
// read-global rule (admins, global observers, system readers), so the same callers see every project's VIP ports
// here as see every project's load balancers.
import type { Network, NetworkDriver, Port, Subnet } from '../../drivers/network/network-driver.js';
import type { RequestContext } from '../auth/context.js';
import { action } from '../auth/policy.js';
import type { PolicyEnforcer } from '../auth/policy.js';

export interface Viewer {
  /** sees every project's objects */
  readonly global: boolean;
  readonly projectId: string | null;
}

export function viewerOf(enforcer: PolicyEnforcer, ctx: RequestContext): Viewer {
  // load-balancer:read-global through the get_all-global rule every collection uses; under noauth every caller
  // is admin, as Neutron's own noauth context is
  const global = ctx.isAdmin || enforcer.check(ctx, action('loadbalancer', 'get_all-global'), { project_id: null });
  return { global, projectId: ctx.projectId };
}

const owns = (viewer: Viewer, owner: string | null | undefined): boolean =>
  viewer.projectId !== null && owner !== null && owner !== undefined && owner === viewer.projectId;

/** Looks networks up once per request: subnets and ports are judged by their network. */
export class NetworkLookup {
  private readonly known = new Map<string, Promise<Network | null>>();

  constructor(private readonly driver: NetworkDriver) {}

  get(id: string): Promise<Network | null> {
    let found = this.known.get(id);
    if (!found) {
      found = this.driver.getNetwork(id);
      this.known.set(id, found);
    }
    return found;
  }
}

export function networkVisible(viewer: Viewer, network: Network): boolean {
  return viewer.global || network.shared || owns(viewer, network.project_id);
}

export async function subnetVisible(viewer: Viewer, subnet: Subnet, networks: NetworkLookup): Promise<boolean> {
  if (viewer.global || owns(viewer, subnet.project_id)) return true;
  return (await networks.get(subnet.network_id))?.shared === true;
}

/** A port is its project's, and its network owner's (admin_owner_or_network_owner); a shared network shares no ports. */
export async function portVisible(viewer: Viewer, port: Port, networks: NetworkLookup): Promise<boolean> {
  if (viewer.global || owns(viewer, port.project_id)) return true;
  return owns(viewer, (await networks.get(port.network_id))?.project_id);
}

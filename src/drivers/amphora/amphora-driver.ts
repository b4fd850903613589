// The amphora driver family (Octavia's amphorae/drivers/driver_base.py): the controller's client of the agent
// running inside each amphora. Implementations: noop, and the HTTPS + mutual TLS client of the agent API 1.0.
import type { LoadBalancerGraph } from '../../contracts/load-balancer-graph.js';

export interface AmphoraTarget {
  readonly id: string;
  readonly lbNetworkIp: string;
  readonly computeId: string | null;
}

export interface AmphoraInfo {
  readonly hostname: string;
  readonly apiVersion: string;
  readonly haproxyVersion: string | null;
}

export interface VipPlug {
  readonly vip: string;
  /** hardware address of the VIP port, when the network has one */
  readonly macAddress?: string | null;
  readonly subnetCidr: string | null;
  readonly gateway: string | null;
  readonly vrrpIp: string | null;
}

export interface AmphoraDriver {
  readonly name: string;
  /** GET /1.0/info; throws while the agent is unreachable (callers retry) */
  getInfo(amp: AmphoraTarget): Promise<AmphoraInfo>;
  postVipPlug(amp: AmphoraTarget, lbId: string, plug: VipPlug): Promise<void>;
  postNetworkPlug(
    amp: AmphoraTarget,
    port: { macAddress: string | null; fixedIps: { ip_address: string; subnet_cidr: string | null }[] },
  ): Promise<void>;
  /** renders and pushes the whole load balancer configuration, then reloads (or starts) the data plane */
  updateLoadBalancer(amp: AmphoraTarget, graph: LoadBalancerGraph): Promise<void>;
  /** removes a load balancer's configuration from the amphora and stops serving it */
  deleteLoadBalancer(amp: AmphoraTarget, lbId: string): Promise<void>;
  reloadLoadBalancer(amp: AmphoraTarget, lbId: string): Promise<void>;
  uploadServerCert(amp: AmphoraTarget, pem: string): Promise<void>;
  updateAgentConfig(amp: AmphoraTarget, config: string): Promise<void>;
}

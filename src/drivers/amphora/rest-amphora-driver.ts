// amphora_haproxy_rest_driver: the controller side of the amphora agent API 1.0 (Octavia's
// amphorae/drivers/haproxy/rest_api_driver.py role). It renders each load balancer's haproxy.cfg here, from the
// model, and ships the text; the agent validates it with `haproxy -c` before switching.
import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { LoadBalancerGraph } from '../../contracts/load-balancer-graph.js';
import { renderHaproxyConfig } from '../../render/haproxy/render.js';
import type { OctaviaConfig } from '../../config/config.js';
import { AgentClient, type AgentCredentials } from './agent-client.js';
import type { AmphoraDriver, AmphoraInfo, AmphoraTarget, VipPlug } from './amphora-driver.js';
import { AgentRequestError } from './agent-client.js';
import { agentPaths, type AgentInfo } from '../../contracts/agent-api.js';

/** Assumed when an agent does not report its open-file limit (Octavia's agents do not): Linux's usual default. */
const DEFAULT_FD_LIMIT = 1024;

export class RestAmphoraDriver implements AmphoraDriver {
  readonly name = 'amphora_haproxy_rest_driver';
  private readonly client: AgentClient;
  /** what each agent said about itself; an amphora's agent does not move its files */
  private readonly infos = new Map<string, AgentInfo>();

  constructor(
    private readonly config: OctaviaConfig,
    credentials: () => Promise<AgentCredentials>,
    private readonly log: Logger,
  ) {
    const ha = config.haproxy_amphora;
    this.client = new AgentClient(credentials, {
      port: ha.bind_port,
      connectTimeoutMs: ha.rest_request_conn_timeout * 1000,
      readTimeoutMs: ha.rest_request_read_timeout * 1000,
    });
  }

  private async info(amp: AmphoraTarget): Promise<AgentInfo> {
    const known = this.infos.get(amp.id);
    if (known) return known;
    const res = await this.client.call(amp, 'GET', agentPaths.info);
    const info = res.json as AgentInfo;
    this.infos.set(amp.id, info);
    return info;
  }

  async getInfo(amp: AmphoraTarget): Promise<AmphoraInfo> {
    this.infos.delete(amp.id);
    const info = await this.info(amp);
    return { hostname: info.hostname, apiVersion: info.api_version, haproxyVersion: info.haproxy_version };
  }

  async postVipPlug(amp: AmphoraTarget, _lbId: string, plug: VipPlug): Promise<void> {
    await this.client.call(
      amp,
      'POST',
      agentPaths.plugVip(plug.vip),
      {
        subnet_cidr: plug.subnetCidr,
        gateway: plug.gateway,
        mac_address: plug.macAddress ?? localMac(plug.vip),
        vrrp_ip: plug.vrrpIp,
      },
      [202, 409],
    );
  }

  async postNetworkPlug(
    amp: AmphoraTarget,
    port: { macAddress: string | null; fixedIps: { ip_address: string; subnet_cidr: string | null }[] },
  ): Promise<void> {
    const mac = port.macAddress ?? localMac(port.fixedIps.map((f) => f.ip_address).join(','));
    await this.client.call(amp, 'POST', agentPaths.plugNetwork, { mac_address: mac, fixed_ips: port.fixedIps }, [202, 409]);
  }

  async updateLoadBalancer(amp: AmphoraTarget, graph: LoadBalancerGraph): Promise<void> {
    const info = await this.info(amp);
    const ha = this.config.haproxy_amphora;
    // no lbDir: the configuration names its files relative to the directory the agent runs HAProxy in
    const rendered = renderHaproxyConfig(graph, {
      amphoraId: amp.id,
      fdLimit: info.fd_limit ?? DEFAULT_FD_LIMIT,
      defaults: {
        connectionLimit: ha.default_connection_limit,
        timeoutClientData: ha.timeout_client_data,
        timeoutMemberConnect: ha.timeout_member_connect,
        timeoutMemberData: ha.timeout_member_data,
        timeoutTcpInspect: ha.timeout_tcp_inspect,
      },
    });
    for (const note of rendered.notes) this.log.info({ amphora_id: amp.id, load_balancer_id: graph.id }, note);
    await this.client.call(amp, 'PUT', agentPaths.uploadHaproxyConfig(amp.id, graph.id), rendered.text);
    // reload of a stopped HAProxy starts it (agent API semantics)
    await this.client.call(amp, 'PUT', agentPaths.lbAction(graph.id, 'reload'));
  }

  async deleteLoadBalancer(amp: AmphoraTarget, lbId: string): Promise<void> {
    try {
      await this.client.call(amp, 'DELETE', agentPaths.deleteLoadBalancer(lbId));
    } catch (err) {
      // deletes ignore 404, as Octavia's client does
      if (!(err instanceof AgentRequestError && err.status === 404)) throw err;
    }
  }

  async reloadLoadBalancer(amp: AmphoraTarget, lbId: string): Promise<void> {
    await this.client.call(amp, 'PUT', agentPaths.lbAction(lbId, 'reload'));
  }

  async uploadServerCert(amp: AmphoraTarget, pem: string): Promise<void> {
    await this.client.call(amp, 'PUT', agentPaths.serverCertificate, pem);
  }

  async updateAgentConfig(amp: AmphoraTarget, agentConfig: string): Promise<void> {
    await this.client.call(amp, 'PUT', agentPaths.config, agentConfig);
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}

/**
 * Ports of the loopback network have no hardware address; the agent API wants one to name the interface. A locally
 * administered address derived from the port's addresses is stable across calls (Neutron's prefix, fa:16:3e).
 */
function localMac(seed: string): string {
  const h = createHash('sha256').update(seed).digest();
  return ['fa', '16', '3e', ...[h[0], h[1], h[2]].map((b) => (b ?? 0).toString(16).padStart(2, '0'))].join(':');
}

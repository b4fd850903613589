// amphora_noop_driver: an agent client that talks to nobody and records what it would have sent.
import type { LoadBalancerGraph } from '../../contracts/load-balancer-graph.js';
import type { AmphoraDriver, AmphoraInfo, AmphoraTarget } from '../amphora/amphora-driver.js';
import type { NoopRecorder } from './recorder.js';

export class NoopAmphoraDriver implements AmphoraDriver {
  readonly name = 'amphora_noop_driver';

  constructor(private readonly recorder: NoopRecorder) {}

  async getInfo(amp: AmphoraTarget): Promise<AmphoraInfo> {
    return { hostname: `amphora-${amp.id}`, apiVersion: '1.0', haproxyVersion: null };
  }

  async postVipPlug(amp: AmphoraTarget, lbId: string): Promise<void> {
    this.recorder.record('amphora', 'post_vip_plug', `${amp.id}/${lbId}`);
  }

  async postNetworkPlug(amp: AmphoraTarget): Promise<void> {
    this.recorder.record('amphora', 'post_network_plug', amp.id);
  }

  async updateLoadBalancer(amp: AmphoraTarget, graph: LoadBalancerGraph): Promise<void> {
    this.recorder.record('amphora', 'update_load_balancer', `${amp.id}/${graph.id}`);
  }

  async deleteLoadBalancer(amp: AmphoraTarget, lbId: string): Promise<void> {
    this.recorder.record('amphora', 'delete_load_balancer', `${amp.id}/${lbId}`);
  }

  async reloadLoadBalancer(amp: AmphoraTarget, lbId: string): Promise<void> {
    this.recorder.record('amphora', 'reload_load_balancer', `${amp.id}/${lbId}`);
  }

  async uploadServerCert(amp: AmphoraTarget): Promise<void> {
    this.recorder.record('amphora', 'upload_server_cert', amp.id);
  }

  async updateAgentConfig(amp: AmphoraTarget): Promise<void> {
    this.recorder.record('amphora', 'update_agent_config', amp.id);
  }
}

// The controller's part of an amphora agent's configuration file (Octavia renders amphora-agent.conf into the config
// drive and pushes it again with PUT /1.0/config): identity, heartbeat destinations and key, topology, TLS pinning.
// The compute driver appends the host-side part (bind address, state directory, certificate paths).
import { renderAgentConfig } from '../../contracts/agent-config.js';
import type { OctaviaConfig } from '../../config/config.js';

export function agentConfigFor(config: OctaviaConfig, amphoraId: string): string {
  const hm = config.health_manager;
  const controllers =
    hm.controller_ip_port_list.length > 0
      ? hm.controller_ip_port_list
      : [hm.bind_ip.includes(':') ? `[${hm.bind_ip}]:${hm.bind_port}` : `${hm.bind_ip}:${hm.bind_port}`];
  return renderAgentConfig({
    amphoraId,
    topology: config.controller_worker.loadbalancer_topology as 'SINGLE' | 'ACTIVE_STANDBY',
    heartbeat: { controllerIpPortList: controllers, intervalSeconds: hm.heartbeat_interval, key: hm.heartbeat_key },
  });
}

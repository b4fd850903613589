// The amphora agent's configuration file (Octavia renders amphora-agent.conf into the config drive).
import type { OctaviaConfig } from '../../config/config.js';

export function agentConfigFor(config: OctaviaConfig, amphoraId: string): string {
  const hm = config.health_manager;
  const lines = [
    '[amphora_agent]',
    `amphora_id = ${amphoraId}`,
    '',
    '[health_manager]',
    `controller_ip_port_list = ${hm.controller_ip_port_list.join(', ') || `${hm.bind_ip}:${hm.bind_port}`}`,
    `heartbeat_interval = ${hm.heartbeat_interval}`,
    '',
  ];
  return lines.join('\n');
}

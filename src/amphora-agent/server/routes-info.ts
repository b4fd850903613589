// GET / (version discovery), /1.0/info and /1.0/details.
import { AGENT_API_VERSION, agentPaths, type AgentDetails, type AgentInfo } from '../../contracts/agent-api.js';
import type { LoadBalancers } from '../process/load-balancers.js';
import type { AgentSettings } from '../settings.js';
import { cpuTimes, disk, hostname, load, memory, networks, openFileLimit } from '../system-info.js';
import { json } from './reply.js';
import type { Router } from './router.js';

export function addInfoRoutes(
  router: Router,
  settings: AgentSettings,
  lbs: LoadBalancers,
  haproxyVersion: () => Promise<string | null>,
): void {
  const info = async (): Promise<AgentInfo> => ({
    hostname: hostname(),
    haproxy_version: await haproxyVersion(),
    api_version: AGENT_API_VERSION,
    keepalived_version: null,
    ipvsadm_version: null,
    fd_limit: openFileLimit(),
  });
  router.add('GET', agentPaths.root, async () => json(200, { api_version: AGENT_API_VERSION }));
  router.add('GET', agentPaths.info, async () => json(200, await info()));
  router.add('GET', agentPaths.details, async () => {
    const details: AgentDetails = {
      ...(await info()),
      networks: await networks(),
      active: true,
      haproxy_count: await lbs.runningCount(),
      cpu: await cpuTimes(),
      memory: await memory(),
      disk: await disk(settings.config.basePath),
      load: load(),
      topology: settings.config.topology,
      topology_status: 'OK',
      listeners: await lbs.ids(),
      packages: {},
    };
    return json(200, { ...details, lvs_listener_process_count: 0 });
  });
}

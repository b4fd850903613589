// Load balancer routes: haproxy.cfg upload/download, start/stop/reload, delete, listener status and statistics.
import { agentPaths, isAgentObjectId, LB_ACTIONS, type LbAction } from '../../contracts/agent-api.js';
import { HaproxyError } from '../process/haproxy-instance.js';
import { md5, type LoadBalancers } from '../process/load-balancers.js';
import { json, message, text, type AgentReply } from './reply.js';
import type { Router } from './router.js';

const P = agentPaths;

function lbNotFound(lbId: string): AgentReply {
  return message(404, 'Loadbalancer Not Found', `No loadbalancer with UUID: ${lbId}`);
}

export function addLoadBalancerRoutes(router: Router, lbs: LoadBalancers): void {
  router.add('PUT', P.uploadHaproxyConfig(':amphoraId', ':lbId'), async ({ params, body }) => {
    const { amphoraId = '', lbId = '' } = params;
    if (!isAgentObjectId(amphoraId) || !isAgentObjectId(lbId)) {
      return message(400, 'Invalid request', 'amphora and load balancer ids must be UUIDs');
    }
    const config = body.toString('utf8');
    if (config.includes('\0')) return message(400, 'Invalid request', 'the configuration contains a NUL byte');
    const result = await lbs.uploadConfig(lbId, config);
    if (!result.ok) return message(400, 'Invalid request', result.output);
    return json(202, { message: 'OK' }, { ETag: result.etag });
  });

  router.add('GET', P.haproxyConfig(':lbId'), async ({ params }) => {
    const lbId = params.lbId ?? '';
    const config = isAgentObjectId(lbId) ? await lbs.config(lbId) : null;
    if (config === null) return lbNotFound(lbId);
    return text(200, config, { ETag: md5(config) });
  });

  router.add('PUT', P.lbAction(':lbId', ':action' as LbAction), async ({ params }) => {
    const lbId = params.lbId ?? '';
    const action = (params.action ?? '').toLowerCase();
    if (!(LB_ACTIONS as readonly string[]).includes(action)) {
      return message(400, 'Invalid Request', `Unknown action: ${action}`);
    }
    if (!isAgentObjectId(lbId) || !(await lbs.exists(lbId))) return lbNotFound(lbId);
    try {
      await lbs.action(lbId, action as LbAction);
    } catch (err) {
      const details = err instanceof HaproxyError ? `${err.message}\n${err.output}` : String(err);
      return message(500, `Error ${action}ing haproxy`, details);
    }
    const details = action === 'start' ? `Configuration file is valid\nhaproxy daemon for ${lbId} started` : `Listener ${lbId} ${action}ed`;
    return json(202, { message: 'OK', details });
  });

  const remove = async ({ params }: { params: Readonly<Record<string, string>> }): Promise<AgentReply> => {
    const id = params.lbId ?? '';
    if (!isAgentObjectId(id)) return lbNotFound(id);
    try {
      await lbs.remove(id);
    } catch (err) {
      return message(500, 'Error stopping haproxy', String(err));
    }
    return json(200, { message: 'OK' });
  };
  router.add('DELETE', P.deleteLoadBalancer(':lbId'), remove);
  router.add('DELETE', P.deleteLoadBalancerAlias(':lbId'), remove);

  router.add('GET', P.listeners, async () => json(200, await lbs.listenerStatuses()));
  router.add('GET', P.stats, async () => json(200, await lbs.stats()));
}

// Pushes the whole load balancer configuration to every amphora that serves it (Octavia's ListenersUpdate).
import { amphoraeOfLoadBalancer } from '../../db/repositories/amphorae.js';
import { loadLoadBalancerGraph } from '../../db/repositories/graph.js';
import { listenersOfLoadBalancerToError } from '../../db/repositories/listeners.js';
import { PermanentTaskError } from '../engine/types.js';
import type { LbInput, WorkerTask } from '../env.js';

export function listenersUpdate<I extends LbInput, S>(): WorkerTask<I, S> {
  return {
    name: 'listeners_update',
    retry: { attempts: 3, delayMs: 200, backoff: 2 },
    async execute(ctx) {
      const graph = await loadLoadBalancerGraph(ctx.env.db, ctx.input.loadBalancerId);
      if (!graph) throw new PermanentTaskError(`load balancer ${ctx.input.loadBalancerId} not found`);
      for (const amp of await amphoraeOfLoadBalancer(ctx.env.db, graph.id)) {
        if (amp.status !== 'ALLOCATED' || !amp.lb_network_ip) continue;
        await ctx.env.amphora.updateLoadBalancer({ id: amp.id, lbNetworkIp: amp.lb_network_ip, computeId: amp.compute_id }, graph);
      }
    },
    async revert(ctx) {
      // Octavia marks every listener of the load balancer ERROR: the data plane may now differ from the API
      await listenersOfLoadBalancerToError(ctx.env.db, ctx.input.loadBalancerId);
    },
  };
}

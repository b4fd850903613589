// VIP tasks: make sure the VIP port the API allocated exists, and release it when the load balancer goes.
import { PermanentTaskError } from '../engine/types.js';
import { getLoadBalancer, loadLoadBalancers } from '../../db/repositories/load-balancers.js';
import { amphoraeOfLoadBalancer } from '../../db/repositories/amphorae.js';
import type { LbInput, WorkerTask } from '../env.js';

/**
 * No revert: the API allocated the VIP port with the load balancer row, and a load balancer left in ERROR keeps it
 * (a failover repairs it in place); the delete flow releases it.
 */
export function ensureVip<I extends LbInput, S>(): WorkerTask<I, S> {
  return {
    name: 'allocate_vip',
    async execute(ctx) {
      const lb = await getLoadBalancer(ctx.env.db, ctx.input.loadBalancerId);
      if (!lb) throw new PermanentTaskError(`load balancer ${ctx.input.loadBalancerId} not found`);
      if (!lb.vip.port_id || !(await ctx.env.network.getPort(lb.vip.port_id))) {
        throw new PermanentTaskError(`VIP port of load balancer ${lb.id} is missing`);
      }
    },
  };
}

export function unplugAndDeallocateVip<I extends LbInput, S>(): WorkerTask<I, S> {
  return {
    name: 'deallocate_vip',
    async execute(ctx) {
      const [lb] = await loadLoadBalancers(ctx.env.db, [ctx.input.loadBalancerId]);
      if (!lb) return;
      if (lb.vip.ip_address) {
        for (const amp of await amphoraeOfLoadBalancer(ctx.env.db, lb.id)) {
          await ctx.env.network
            .unplugVip(amp.id, { ip_address: lb.vip.ip_address, subnet_id: lb.vip.subnet_id })
            .catch((err: unknown) => ctx.log.warn({ err, amphora_id: amp.id }, 'VIP unplug failed; the VIP is released anyway'));
        }
      }
      await ctx.env.network.deallocateVip(lb.vip);
    },
  };
}

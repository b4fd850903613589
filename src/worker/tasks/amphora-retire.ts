// Taking amphorae out of service: mark them, stop health-based failover for them, delete their instances.
import {
  amphoraeOfLoadBalancer,
  deleteAmphoraHealth,
  getAmphora,
  setAmphoraHealthBusy,
  updateAmphora,
} from '../../db/repositories/amphorae.js';
import { vipSubnetOfLoadBalancer } from '../../db/repositories/load-balancers.js';
import type { Ctx, WorkerTask } from '../env.js';

/** Deletes one amphora's instance and marks it DELETED (Octavia's delete-amphora subflow). */
export async function retireAmphora(ctx: Ctx<unknown, unknown>, amphoraId: string, lbId: string | null): Promise<void> {
  const amp = await getAmphora(ctx.env.db, amphoraId);
  if (!amp || amp.status === 'DELETED') return;
  await updateAmphora(ctx.env.db, amphoraId, { status: 'PENDING_DELETE' });
  await setAmphoraHealthBusy(ctx.env.db, amphoraId, true);
  if (lbId && amp.lb_network_ip) {
    // the old amphora may be dead; whatever it still serves is removed with its instance anyway
    await ctx.env.amphora
      .deleteLoadBalancer({ id: amp.id, lbNetworkIp: amp.lb_network_ip, computeId: amp.compute_id }, lbId)
      .catch((err: unknown) => {
        ctx.log.warn(
          { err, amphora_id: amp.id },
          'removing the load balancer from the retired amphora failed; its instance is deleted anyway',
        );
      });
  }
  if (amp.ha_ip) {
    // the VIP address stays with the load balancer; only this amphora's attachment to it goes
    const subnetId = lbId ? await vipSubnetOfLoadBalancer(ctx.env.db, lbId) : null;
    await ctx.env.network.unplugVip(amp.id, { ip_address: amp.ha_ip, subnet_id: subnetId });
  }
  if (amp.compute_id) await ctx.env.compute.delete(amp.compute_id);
  await deleteAmphoraHealth(ctx.env.db, amphoraId);
  await updateAmphora(ctx.env.db, amphoraId, { status: 'DELETED' });
}

export function markLbAmphoraeHealthBusy<I extends { loadBalancerId: string }, S>(): WorkerTask<I, S> {
  return {
    name: 'mark_lb_amphorae_health_busy',
    async execute(ctx) {
      for (const amp of await amphoraeOfLoadBalancer(ctx.env.db, ctx.input.loadBalancerId)) {
        await setAmphoraHealthBusy(ctx.env.db, amp.id, true);
      }
    },
  };
}

export function deleteLbAmphorae<I extends { loadBalancerId: string }, S>(): WorkerTask<I, S> {
  return {
    name: 'delete_amphorae_on_load_balancer',
    async execute(ctx) {
      for (const amp of await amphoraeOfLoadBalancer(ctx.env.db, ctx.input.loadBalancerId)) {
        await retireAmphora(ctx as Ctx<unknown, unknown>, amp.id, ctx.input.loadBalancerId);
      }
    },
  };
}

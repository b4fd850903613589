// The amphora subflow of a create or a failover: create the row, issue its certificate and boot it, wait until
// the agent answers, attach it to the VIP. Every step is idempotent: a resumed job may run one again.
import { derivedUuid } from '../../common/ids.js';
import { PermanentTaskError } from '../engine/types.js';
import { ensureAmphora, getAmphora, updateAmphora } from '../../db/repositories/amphorae.js';
import { getLoadBalancer } from '../../db/repositories/load-balancers.js';
import { loadLoadBalancerGraph } from '../../db/repositories/graph.js';
import { agentConfigFor } from './agent-config.js';
import type { Ctx, WorkerTask } from '../env.js';

export interface AmphoraSlot {
  id: string;
  role: 'STANDALONE' | 'MASTER' | 'BACKUP';
  computeId?: string;
  lbNetworkIp?: string;
}

export interface AmphoraStore {
  amphorae: AmphoraSlot[];
}

/** Amphora ids derive from the job, so re-running "create amphora" after a crash finds the same row. */
export function amphoraIdFor(jobSeed: string, index: number): string {
  return derivedUuid(`${jobSeed}:amphora:${index}`);
}

type SlotCtx<I> = Ctx<I, AmphoraStore>;
const slot = <I>(ctx: SlotCtx<I>, i: number): AmphoraSlot => {
  const s = ctx.store.amphorae[i];
  if (!s) throw new PermanentTaskError(`no amphora slot ${i}`);
  return s;
};
const target = (s: AmphoraSlot) => ({ id: s.id, lbNetworkIp: s.lbNetworkIp ?? '', computeId: s.computeId ?? null });

export function amphoraSubflow<I extends { loadBalancerId: string | null }>(i: number): WorkerTask<I, AmphoraStore>[] {
  const prefix = `amphora_${i}`;
  return [
    {
      name: `${prefix}.create_in_db`,
      async execute(ctx) {
        const s = slot(ctx, i);
        await ensureAmphora(ctx.env.db, s.id, { status: 'PENDING_CREATE', role: null, load_balancer_id: null });
      },
      async revert(ctx) {
        const s = slot(ctx, i);
        await updateAmphora(ctx.env.db, s.id, { status: 'DELETED' });
      },
    },
    {
      name: `${prefix}.compute_create`,
      async execute(ctx) {
        const s = slot(ctx, i);
        const validity = ctx.env.config.certificates.cert_validity_time;
        const cert = await ctx.env.certs.issueAmphoraCert(s.id, validity);
        s.computeId = await ctx.env.compute.build({
          amphoraId: s.id,
          name: `amphora-${s.id}`,
          loadBalancerId: ctx.input.loadBalancerId,
          serverCertPem: cert.certPem,
          serverKeyPem: cert.keyPem,
          clientCaPem: await ctx.env.certs.clientCaPem(),
          agentConfig: agentConfigFor(ctx.env.config, s.id),
        });
        await updateAmphora(ctx.env.db, s.id, { compute_id: s.computeId, cert_expiration: cert.expiresAt, status: 'BOOTING' });
      },
      async revert(ctx) {
        const s = slot(ctx, i);
        const row = await getAmphora(ctx.env.db, s.id);
        const computeId = s.computeId ?? row?.compute_id;
        if (computeId) await ctx.env.compute.delete(computeId);
        await updateAmphora(ctx.env.db, s.id, { status: 'ERROR' });
      },
    },
    {
      name: `${prefix}.compute_wait`,
      retry: { attempts: 120, delayMs: 50, backoff: 1.5, maxDelayMs: 2000 },
      async execute(ctx) {
        const s = slot(ctx, i);
        const instance = await ctx.env.compute.getInstance(s.computeId as string);
        if (!instance) throw new PermanentTaskError(`compute instance ${s.computeId} of amphora ${s.id} vanished`);
        if (instance.status === 'ERROR') throw new PermanentTaskError(`compute instance of amphora ${s.id} failed to start`);
        if (instance.status !== 'ACTIVE' || !instance.lbNetworkIp) throw new Error('compute instance not active yet');
        s.lbNetworkIp = instance.lbNetworkIp;
        await updateAmphora(ctx.env.db, s.id, {
          lb_network_ip: instance.lbNetworkIp,
          cached_zone: instance.zone,
          image_id: instance.imageId,
          compute_flavor: instance.computeFlavor,
        });
      },
    },
    {
      name: `${prefix}.connectivity_wait`,
      // a process amphora answers within a few hundred ms: poll often, for up to ~2.5 min (slow or loaded hosts)
      retry: { attempts: 600, delayMs: 20, backoff: 1.5, maxDelayMs: 250 },
      async execute(ctx) {
        await ctx.env.amphora.getInfo(target(slot(ctx, i)));
      },
    },
    {
      name: `${prefix}.mark_allocated`,
      async execute(ctx) {
        const s = slot(ctx, i);
        const priority = s.role === 'MASTER' ? 100 : s.role === 'BACKUP' ? 90 : null;
        await updateAmphora(ctx.env.db, s.id, {
          status: 'ALLOCATED',
          load_balancer_id: ctx.input.loadBalancerId,
          role: s.role,
          vrrp_priority: priority,
        });
      },
      async revert(ctx) {
        await updateAmphora(ctx.env.db, slot(ctx, i).id, { status: 'ERROR', role: null, vrrp_priority: null });
      },
    },
    {
      name: `${prefix}.plug_vip`,
      async execute(ctx: SlotCtx<I>) {
        const s = slot(ctx, i);
        const lb = await getLoadBalancer(ctx.env.db, ctx.input.loadBalancerId as string);
        if (!lb?.vip.ip_address) throw new PermanentTaskError(`load balancer ${ctx.input.loadBalancerId} has no VIP`);
        const plug = await ctx.env.network.plugVip(s.id, {
          ip_address: lb.vip.ip_address,
          subnet_id: lb.vip.subnet_id,
          port_id: lb.vip.port_id,
        });
        await updateAmphora(ctx.env.db, s.id, {
          vrrp_ip: plug.vrrp_ip,
          ha_ip: plug.ha_ip,
          vrrp_port_id: plug.vrrp_port_id,
          ha_port_id: plug.ha_port_id,
          vrrp_id: 1,
        });
        await ctx.env.amphora.postVipPlug(target(s), lb.id, {
          vip: plug.ha_ip,
          subnetCidr: plug.subnet_cidr,
          gateway: plug.gateway,
          vrrpIp: plug.vrrp_ip,
        });
      },
      async revert(ctx) {
        const s = slot(ctx, i);
        const lb = await getLoadBalancer(ctx.env.db, ctx.input.loadBalancerId as string);
        if (lb?.vip.ip_address) await ctx.env.network.unplugVip(s.id, { ip_address: lb.vip.ip_address, subnet_id: lb.vip.subnet_id });
      },
    },
  ];
}

/** Pushes the load balancer's configuration to one freshly built amphora (before an old one is retired). */
export function configureAmphora<I extends { loadBalancerId: string | null }>(i: number): WorkerTask<I, AmphoraStore> {
  return {
    name: `amphora_${i}.configure`,
    async execute(ctx) {
      if (!ctx.input.loadBalancerId) return;
      const graph = await loadLoadBalancerGraph(ctx.env.db, ctx.input.loadBalancerId);
      if (!graph) throw new PermanentTaskError(`load balancer ${ctx.input.loadBalancerId} not found`);
      await ctx.env.amphora.updateLoadBalancer(target(slot(ctx, i)), graph);
    },
  };
}

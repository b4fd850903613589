// Amphora flows: failover (replace one amphora), agent configuration update, and deletion of a spare/ERROR one.
import { amphoraToError, getAmphora } from '../../db/repositories/amphorae.js';
import { releaseLoadBalancerTree } from '../../db/repositories/load-balancer-tree.js';
import type { AmphoraFailoverJob, AmphoraJob } from '../../jobboard/catalog.js';
import { PermanentTaskError, type Flow } from '../engine/types.js';
import type { Ctx, WorkerEnv, WorkerTask } from '../env.js';
import { type AmphoraStore, amphoraIdFor, amphoraSubflow, configureAmphora } from '../tasks/amphora-build.js';
import { agentConfigFor } from '../tasks/agent-config.js';
import { retireAmphora } from '../tasks/amphora-retire.js';
import { listenersUpdate } from '../tasks/listeners-update.js';
import { loadBalancerToErrorOnRevert } from '../tasks/statuses.js';

function amphoraToErrorOnRevert<I extends { amphoraId: string }, S>(): WorkerTask<I, S> {
  return {
    name: 'amphora_to_error_on_revert',
    async execute() {},
    async revert(ctx) {
      // an amphora the flow already retired stays DELETED: its instance is gone
      await amphoraToError(ctx.env.db, ctx.input.amphoraId);
    },
  };
}

export const failoverAmphoraFlow: Flow<AmphoraFailoverJob, AmphoraStore, WorkerEnv> = {
  name: 'failover_amphora',
  loadBalancerId: (input) => input.loadBalancerId,
  initialStore: (input) => ({
    amphorae: [{ id: amphoraIdFor(input.seed, 0), role: (input.role as 'STANDALONE' | 'MASTER' | 'BACKUP' | null) ?? 'STANDALONE' }],
  }),
  tasks: (input) => {
    const retire: WorkerTask<AmphoraFailoverJob, AmphoraStore> = {
      name: 'retire_failed_amphora',
      async execute(ctx) {
        await retireAmphora(ctx as Ctx<unknown, unknown>, ctx.input.amphoraId, ctx.input.loadBalancerId);
      },
    };
    if (!input.loadBalancerId) return [amphoraToErrorOnRevert(), retire];
    const lbInput = input as AmphoraFailoverJob & { loadBalancerId: string };
    const release: WorkerTask<AmphoraFailoverJob, AmphoraStore> = {
      name: 'mark_lb_active',
      async execute(ctx) {
        await releaseLoadBalancerTree(ctx.env.db, lbInput.loadBalancerId);
      },
    };
    return [
      loadBalancerToErrorOnRevert<typeof lbInput, AmphoraStore>() as WorkerTask<AmphoraFailoverJob, AmphoraStore>,
      amphoraToErrorOnRevert(),
      ...amphoraSubflow<AmphoraFailoverJob>(0),
      configureAmphora<AmphoraFailoverJob>(0),
      retire,
      listenersUpdate<typeof lbInput, AmphoraStore>() as WorkerTask<AmphoraFailoverJob, AmphoraStore>,
      release,
    ];
  },
};

export const updateAmphoraConfigFlow: Flow<AmphoraJob, unknown, WorkerEnv> = {
  name: 'update_amphora_agent_config',
  loadBalancerId: (input) => input.loadBalancerId,
  initialStore: () => ({}),
  // no revert: a failed configuration push leaves a serving amphora as it was (Octavia's AmphoraConfigUpdate)
  tasks: () => [
    {
      name: 'amphora_config_update',
      async execute(ctx) {
        const amp = await getAmphora(ctx.env.db, ctx.input.amphoraId);
        if (!amp?.lb_network_ip) throw new PermanentTaskError(`amphora ${ctx.input.amphoraId} has no management address`);
        await ctx.env.amphora.updateAgentConfig(
          { id: amp.id, lbNetworkIp: amp.lb_network_ip, computeId: amp.compute_id },
          agentConfigFor(ctx.env.config, amp.id),
        );
      },
    },
  ],
};

export const deleteAmphoraFlow: Flow<AmphoraJob, unknown, WorkerEnv> = {
  name: 'delete_amphora',
  initialStore: () => ({}),
  tasks: () => [
    amphoraToErrorOnRevert(),
    {
      name: 'delete_amphora',
      async execute(ctx) {
        await retireAmphora(ctx as Ctx<unknown, unknown>, ctx.input.amphoraId, null);
      },
    },
  ],
};

// Every flow the worker can run, by the name the amphora provider enqueues. The table is typed by the job catalog:
// each catalog name needs a flow, and the flow must run on that name's payload.
import type { FlowName, JobPayload } from '../../jobboard/catalog.js';
import type { AnyFlow, Flow } from '../engine/types.js';
import type { WorkerEnv } from '../env.js';
import { deleteAmphoraFlow, failoverAmphoraFlow, updateAmphoraConfigFlow } from './amphora.js';
import { childFlow, memberBatchFlow } from './children.js';
import { createLoadBalancerFlow, deleteLoadBalancerFlow, failoverLoadBalancerFlow, updateLoadBalancerFlow } from './load-balancer.js';

// biome-ignore lint/suspicious/noExplicitAny: each flow keeps its own state type; the table types only the payload
export type FlowTable = { readonly [F in FlowName]: Flow<JobPayload<F>, any, WorkerEnv> };

const table: FlowTable = {
  create_load_balancer: createLoadBalancerFlow,
  update_load_balancer: updateLoadBalancerFlow,
  delete_load_balancer: deleteLoadBalancerFlow,
  failover_load_balancer: failoverLoadBalancerFlow,
  failover_amphora: failoverAmphoraFlow,
  update_amphora_agent_config: updateAmphoraConfigFlow,
  delete_amphora: deleteAmphoraFlow,
  batch_update_members: memberBatchFlow,
  create_listener: childFlow('listener', 'create'),
  update_listener: childFlow('listener', 'update'),
  delete_listener: childFlow('listener', 'delete'),
  create_pool: childFlow('pool', 'create'),
  update_pool: childFlow('pool', 'update'),
  delete_pool: childFlow('pool', 'delete'),
  create_member: childFlow('member', 'create'),
  update_member: childFlow('member', 'update'),
  delete_member: childFlow('member', 'delete'),
  create_health_monitor: childFlow('health_monitor', 'create'),
  update_health_monitor: childFlow('health_monitor', 'update'),
  delete_health_monitor: childFlow('health_monitor', 'delete'),
  create_l7policy: childFlow('l7policy', 'create'),
  update_l7policy: childFlow('l7policy', 'update'),
  delete_l7policy: childFlow('l7policy', 'delete'),
  create_l7rule: childFlow('l7rule', 'create'),
  update_l7rule: childFlow('l7rule', 'update'),
  delete_l7rule: childFlow('l7rule', 'delete'),
};

/** Keyed by the stored job's flow name, which may be one this version does not know (get() returns undefined). */
export const FLOWS: ReadonlyMap<string, AnyFlow<WorkerEnv>> = new Map(
  Object.entries(table).map(([name, flow]) => {
    // the name a flow logs and records progress under is the one it is enqueued by
    if (flow.name !== name) throw new Error(`flow ${flow.name} is registered as ${name}`);
    return [name, flow];
  }),
);

// Every flow the worker can run, by the name the amphora provider enqueues.
import type { AnyFlow } from '../engine/types.js';
import type { WorkerEnv } from '../env.js';
import { deleteAmphoraFlow, failoverAmphoraFlow, updateAmphoraConfigFlow } from './amphora.js';
import { childFlow, memberBatchFlow } from './children.js';
import { createLoadBalancerFlow, deleteLoadBalancerFlow, failoverLoadBalancerFlow, updateLoadBalancerFlow } from './load-balancer.js';

const flows: AnyFlow<WorkerEnv>[] = [
  createLoadBalancerFlow,
  updateLoadBalancerFlow,
  deleteLoadBalancerFlow,
  failoverLoadBalancerFlow,
  failoverAmphoraFlow,
  updateAmphoraConfigFlow,
  deleteAmphoraFlow,
  memberBatchFlow,
];
for (const table of ['listener', 'pool', 'member', 'health_monitor', 'l7policy', 'l7rule'] as const) {
  for (const op of ['create', 'update', 'delete'] as const) flows.push(childFlow(table, op));
}

export const FLOWS: ReadonlyMap<string, AnyFlow<WorkerEnv>> = new Map(flows.map((f) => [f.name, f]));

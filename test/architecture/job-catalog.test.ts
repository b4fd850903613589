// The job catalog (src/jobboard/catalog.ts) joins the API side and the worker by type, not by string. The
// `@ts-expect-error` lines below are checked by the type-check (`npx tsc -p tsconfig.json`): each must stay an
// error, so the type-check fails if the catalog stops catching a misspelt flow name, a wrong payload, or a flow
// registered for a payload it cannot run on. At run time the test checks the registry against the same names.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Db } from '../../src/db/connection.js';
import { enqueueJob } from '../../src/jobboard/enqueue.js';
import { childFlow } from '../../src/worker/flows/children.js';
import { createLoadBalancerFlow, updateLoadBalancerFlow } from '../../src/worker/flows/load-balancer.js';
import { FLOWS, type FlowTable } from '../../src/worker/flows/registry.js';

// never called: only type-checked
export function compileTimeChecks(tx: Db, table: FlowTable): unknown[] {
  return [
    enqueueJob(tx, { flow: 'update_load_balancer', lane: 'lb:x', payload: { loadBalancerId: 'x' } }),
    // @ts-expect-error a misspelt flow name
    enqueueJob(tx, { flow: 'create_loadbalancer', lane: 'lb:x', payload: { loadBalancerId: 'x' } }),
    // @ts-expect-error a payload without the field its flow needs (create_load_balancer needs a seed)
    enqueueJob(tx, { flow: 'create_load_balancer', lane: 'lb:x', payload: { loadBalancerId: 'x' } }),
    // @ts-expect-error another flow's payload (delete_amphora runs on an amphora, not a load balancer)
    enqueueJob(tx, { flow: 'delete_amphora', lane: 'amp:x', payload: { loadBalancerId: 'x', cascade: true } }),
    // a flow that needs less than the payload carries may run it
    { ...table, create_load_balancer: updateLoadBalancerFlow } satisfies FlowTable,
    // @ts-expect-error a flow registered for a payload it cannot run on (update's payload has no seed)
    { ...table, update_load_balancer: createLoadBalancerFlow } satisfies FlowTable,
    // @ts-expect-error a child flow registered for an amphora flow's payload
    { ...table, delete_amphora: childFlow('pool', 'delete') } satisfies FlowTable,
    // @ts-expect-error a misspelt name in the registry
    { ...table, create_listner: childFlow('listener', 'create') } satisfies FlowTable,
  ];
}

describe('job catalog', () => {
  it('the worker registers every catalog flow under its own name', () => {
    assert.equal(FLOWS.size, 26); // 8 load balancer and amphora flows, 3 operations on each of 6 child kinds
    for (const [name, flow] of FLOWS) assert.equal(flow.name, name);
  });
});

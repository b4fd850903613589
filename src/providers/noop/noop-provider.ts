// Provider "noop_driver": accepts every operation and completes it asynchronously, moving objects through
// Octavia's state machine without touching any data plane. Completion runs after the API's transaction commits.
import type { Logger } from 'pino';
import type { Db } from '../../db/connection.js';
import type { LoadBalancer } from '../../db/models.js';
import { loadBalancerOfL7Policy, loadBalancerOfListener, loadBalancerOfPool } from '../../db/repositories/owning-load-balancer.js';
import type { Capability, ProviderCall, ProviderDriver } from '../provider-driver.js';
import type { StatusUpdater } from '../status-updater.js';
import { settleLoadBalancer } from './settle.js';

export class NoopProvider implements ProviderDriver {
  readonly name: string;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly db: Db,
    private readonly updater: StatusUpdater,
    private readonly log: Logger,
    private readonly delayMs = 0,
    name = 'noop_driver',
  ) {
    this.name = name;
  }

  private complete(call: ProviderCall, lbId: string): Promise<void> {
    call.afterCommit(() => {
      const run = new Promise<void>((resolve) => setTimeout(resolve, this.delayMs))
        .then(async () => this.updater.updateStatuses(await settleLoadBalancer(this.db, lbId)))
        .catch((err: unknown) => this.log.error({ err, load_balancer_id: lbId }, 'noop provider completion failed'))
        .finally(() => this.inFlight.delete(run));
      this.inFlight.add(run);
    });
    return Promise.resolve();
  }

  /** Resolves when every scheduled completion has run (tests and shutdown). */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  loadbalancerCreate = (call: ProviderCall, lb: LoadBalancer) => this.complete(call, lb.id);
  loadbalancerUpdate = (call: ProviderCall, old: LoadBalancer) => this.complete(call, old.id);
  loadbalancerDelete = (call: ProviderCall, lb: LoadBalancer) => this.complete(call, lb.id);
  loadbalancerFailover = (call: ProviderCall, lb: LoadBalancer) => this.complete(call, lb.id);
  listenerCreate = (call: ProviderCall, l: { load_balancer_id: string }) => this.complete(call, l.load_balancer_id);
  listenerUpdate = (call: ProviderCall, l: { load_balancer_id: string }) => this.complete(call, l.load_balancer_id);
  listenerDelete = (call: ProviderCall, l: { load_balancer_id: string }) => this.complete(call, l.load_balancer_id);
  poolCreate = (call: ProviderCall, p: { load_balancer_id: string }) => this.complete(call, p.load_balancer_id);
  poolUpdate = (call: ProviderCall, p: { load_balancer_id: string }) => this.complete(call, p.load_balancer_id);
  poolDelete = (call: ProviderCall, p: { load_balancer_id: string }) => this.complete(call, p.load_balancer_id);
  memberCreate = (call: ProviderCall, _m: unknown, pool: { load_balancer_id: string }) => this.complete(call, pool.load_balancer_id);
  memberUpdate = (call: ProviderCall, m: { pool_id: string }) => this.completeForPool(call, m.pool_id);
  memberDelete = (call: ProviderCall, m: { pool_id: string }) => this.completeForPool(call, m.pool_id);
  memberBatchUpdate = (call: ProviderCall, pool: { load_balancer_id: string }) => this.complete(call, pool.load_balancer_id);
  healthMonitorCreate = (call: ProviderCall, hm: { pool_id: string }) => this.completeForPool(call, hm.pool_id);
  healthMonitorUpdate = (call: ProviderCall, hm: { pool_id: string }) => this.completeForPool(call, hm.pool_id);
  healthMonitorDelete = (call: ProviderCall, hm: { pool_id: string }) => this.completeForPool(call, hm.pool_id);
  l7policyCreate = (call: ProviderCall, p: { listener_id: string }) => this.completeForListener(call, p.listener_id);
  l7policyUpdate = (call: ProviderCall, p: { listener_id: string }) => this.completeForListener(call, p.listener_id);
  l7policyDelete = (call: ProviderCall, p: { listener_id: string }) => this.completeForListener(call, p.listener_id);
  l7ruleCreate = (call: ProviderCall, r: { l7policy_id: string }) => this.completeForPolicy(call, r.l7policy_id);
  l7ruleUpdate = (call: ProviderCall, r: { l7policy_id: string }) => this.completeForPolicy(call, r.l7policy_id);
  l7ruleDelete = (call: ProviderCall, r: { l7policy_id: string }) => this.completeForPolicy(call, r.l7policy_id);

  private async completeForPool(call: ProviderCall, poolId: string): Promise<void> {
    return this.complete(call, await loadBalancerOfPool(call.tx, poolId));
  }

  private async completeForListener(call: ProviderCall, listenerId: string): Promise<void> {
    return this.complete(call, await loadBalancerOfListener(call.tx, listenerId));
  }

  private async completeForPolicy(call: ProviderCall, policyId: string): Promise<void> {
    return this.complete(call, await loadBalancerOfL7Policy(call.tx, policyId));
  }

  flavorCapabilities(): readonly Capability[] {
    return [{ name: 'some_topology', description: 'The topology for the load balancer.' }];
  }

  validateFlavor(): void {}

  availabilityZoneCapabilities(): readonly Capability[] {
    return [{ name: 'compute_zone', description: 'The compute availability zone to use for this loadbalancer.' }];
  }

  validateAvailabilityZone(): void {}
}

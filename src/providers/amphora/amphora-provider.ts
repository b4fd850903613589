// Provider "amphora" (alias "octavia"): validates what the amphora data plane can do and turns every API
// operation into one durable job, enqueued in the API's own transaction. The controller worker runs it.
import { newId } from '../../common/ids.js';
import type { HealthMonitor, L7Policy, L7Rule, Listener, LoadBalancer, Member, Pool } from '../../db/models.js';
import { amphoraeOfLoadBalancer } from '../../db/repositories/amphorae.js';
import { loadBalancerOfL7Policy, loadBalancerOfListener, loadBalancerOfPool } from '../../db/repositories/owning-load-balancer.js';
import type { JobPayload, LbFlowName } from '../../jobboard/catalog.js';
import { enqueueJob } from '../../jobboard/enqueue.js';
import { laneOfLoadBalancer } from '../../jobboard/job.js';
import type { JobSignal } from '../../jobboard/signal.js';
import { type Capability, type MemberBatch, type ProviderCall, type ProviderDriver, UnsupportedOptionError } from '../provider-driver.js';
import { AMPHORA_AZ_CAPABILITIES, AMPHORA_FLAVOR_CAPABILITIES, validateMetadata } from './metadata.js';

const SUPPORTED_ALGORITHMS = ['ROUND_ROBIN', 'LEAST_CONNECTIONS', 'SOURCE_IP', 'SOURCE_IP_PORT'];
/**
 * Octavia's amphora driver refuses SOURCE_IP_PORT; ours renders it for HAProxy (a consistent hash of source address
 * and port). UDP/SCTP pools belong to LVS, which the amphorae do not run yet: they keep Octavia's refusal.
 */
const HAPROXY_ONLY_ALGORITHMS = ['SOURCE_IP_PORT'];
const LVS_PROTOCOLS = ['UDP', 'SCTP'];
const L7_PROTOCOLS = ['HTTP', 'TERMINATED_HTTPS'];

export class AmphoraProvider implements ProviderDriver {
  readonly name = 'amphora';

  constructor(private readonly signal: JobSignal) {}

  private async enqueue<F extends LbFlowName>(call: ProviderCall, flow: F, payload: JobPayload<F>): Promise<void> {
    await enqueueJob(call.tx, { flow, lane: laneOfLoadBalancer(payload.loadBalancerId), payload });
    call.afterCommit(() => this.signal.notify());
  }

  loadbalancerCreate = (call: ProviderCall, lb: LoadBalancer) =>
    this.enqueue(call, 'create_load_balancer', { loadBalancerId: lb.id, topology: lb.topology ?? 'SINGLE', seed: newId() });
  loadbalancerUpdate = (call: ProviderCall, old: LoadBalancer) => this.enqueue(call, 'update_load_balancer', { loadBalancerId: old.id });
  loadbalancerDelete = (call: ProviderCall, lb: LoadBalancer, cascade: boolean) =>
    this.enqueue(call, 'delete_load_balancer', { loadBalancerId: lb.id, cascade });
  async loadbalancerFailover(call: ProviderCall, lb: LoadBalancer): Promise<void> {
    const old = (await amphoraeOfLoadBalancer(call.tx, lb.id)).map((a) => ({ id: a.id, role: a.role }));
    await this.enqueue(call, 'failover_load_balancer', { loadBalancerId: lb.id, seed: newId(), oldAmphorae: old });
  }

  listenerCreate = (call: ProviderCall, l: Listener) =>
    this.enqueue(call, 'create_listener', { loadBalancerId: l.load_balancer_id, ids: [l.id] });
  listenerUpdate = (call: ProviderCall, l: Listener) =>
    this.enqueue(call, 'update_listener', { loadBalancerId: l.load_balancer_id, ids: [l.id] });
  listenerDelete = (call: ProviderCall, l: Listener) =>
    this.enqueue(call, 'delete_listener', { loadBalancerId: l.load_balancer_id, ids: [l.id] });

  poolCreate = (call: ProviderCall, p: Pool) => this.enqueue(call, 'create_pool', { loadBalancerId: p.load_balancer_id, ids: [p.id] });
  poolUpdate = (call: ProviderCall, p: Pool) => this.enqueue(call, 'update_pool', { loadBalancerId: p.load_balancer_id, ids: [p.id] });
  poolDelete = (call: ProviderCall, p: Pool) => this.enqueue(call, 'delete_pool', { loadBalancerId: p.load_balancer_id, ids: [p.id] });

  memberCreate = (call: ProviderCall, m: Member, pool: Pool) =>
    this.enqueue(call, 'create_member', { loadBalancerId: pool.load_balancer_id, ids: [m.id], poolId: pool.id });
  memberUpdate = async (call: ProviderCall, m: Member) =>
    this.enqueue(call, 'update_member', { loadBalancerId: await loadBalancerOfPool(call.tx, m.pool_id), ids: [m.id], poolId: m.pool_id });
  memberDelete = async (call: ProviderCall, m: Member) =>
    this.enqueue(call, 'delete_member', { loadBalancerId: await loadBalancerOfPool(call.tx, m.pool_id), ids: [m.id], poolId: m.pool_id });
  memberBatchUpdate = (call: ProviderCall, pool: Pool, batch: MemberBatch) =>
    this.enqueue(call, 'batch_update_members', {
      loadBalancerId: pool.load_balancer_id,
      poolId: pool.id,
      created: batch.created.map((m) => m.id),
      updated: batch.updated.map((u) => u.updated.id),
      deleted: batch.deleted.map((m) => m.id),
    });

  healthMonitorCreate = async (call: ProviderCall, hm: HealthMonitor) =>
    this.enqueue(call, 'create_health_monitor', {
      loadBalancerId: await loadBalancerOfPool(call.tx, hm.pool_id),
      ids: [hm.id],
      poolId: hm.pool_id,
    });
  healthMonitorUpdate = async (call: ProviderCall, hm: HealthMonitor) =>
    this.enqueue(call, 'update_health_monitor', {
      loadBalancerId: await loadBalancerOfPool(call.tx, hm.pool_id),
      ids: [hm.id],
      poolId: hm.pool_id,
    });
  healthMonitorDelete = async (call: ProviderCall, hm: HealthMonitor) =>
    this.enqueue(call, 'delete_health_monitor', {
      loadBalancerId: await loadBalancerOfPool(call.tx, hm.pool_id),
      ids: [hm.id],
      poolId: hm.pool_id,
    });

  l7policyCreate = async (call: ProviderCall, p: L7Policy) =>
    this.enqueue(call, 'create_l7policy', { loadBalancerId: await loadBalancerOfListener(call.tx, p.listener_id), ids: [p.id] });
  l7policyUpdate = async (call: ProviderCall, p: L7Policy) =>
    this.enqueue(call, 'update_l7policy', { loadBalancerId: await loadBalancerOfListener(call.tx, p.listener_id), ids: [p.id] });
  l7policyDelete = async (call: ProviderCall, p: L7Policy) =>
    this.enqueue(call, 'delete_l7policy', { loadBalancerId: await loadBalancerOfListener(call.tx, p.listener_id), ids: [p.id] });

  l7ruleCreate = async (call: ProviderCall, r: L7Rule) =>
    this.enqueue(call, 'create_l7rule', {
      loadBalancerId: await loadBalancerOfL7Policy(call.tx, r.l7policy_id),
      ids: [r.id],
      l7policyId: r.l7policy_id,
    });
  l7ruleUpdate = async (call: ProviderCall, r: L7Rule) =>
    this.enqueue(call, 'update_l7rule', {
      loadBalancerId: await loadBalancerOfL7Policy(call.tx, r.l7policy_id),
      ids: [r.id],
      l7policyId: r.l7policy_id,
    });
  l7ruleDelete = async (call: ProviderCall, r: L7Rule) =>
    this.enqueue(call, 'delete_l7rule', {
      loadBalancerId: await loadBalancerOfL7Policy(call.tx, r.l7policy_id),
      ids: [r.id],
      l7policyId: r.l7policy_id,
    });

  validatePool(pool: { lb_algorithm: string; protocol: string }): void {
    const lvs = LVS_PROTOCOLS.includes(pool.protocol) && HAPROXY_ONLY_ALGORITHMS.includes(pool.lb_algorithm);
    if (!SUPPORTED_ALGORITHMS.includes(pool.lb_algorithm) || lvs) {
      throw new UnsupportedOptionError(`Amphora provider does not support ${pool.lb_algorithm} algorithm.`);
    }
  }

  validateL7Policy(listener: { protocol: string }): void {
    if (!L7_PROTOCOLS.includes(listener.protocol)) {
      throw new UnsupportedOptionError(`${listener.protocol} protocol listeners do not support L7 policies`);
    }
  }

  flavorCapabilities(): readonly Capability[] {
    return AMPHORA_FLAVOR_CAPABILITIES;
  }

  validateFlavor(metadata: Record<string, unknown>): void {
    validateMetadata(metadata, AMPHORA_FLAVOR_CAPABILITIES);
  }

  availabilityZoneCapabilities(): readonly Capability[] {
    return AMPHORA_AZ_CAPABILITIES;
  }

  validateAvailabilityZone(metadata: Record<string, unknown>): void {
    validateMetadata(metadata, AMPHORA_AZ_CAPABILITIES);
  }
}

// The job catalog: every flow name the API side may enqueue and the payload its worker flow runs on. The enqueue
// signature and the worker's flow registry are both typed by it, so a misspelt name, a payload that lost a field,
// or a flow the worker has no implementation for fails to compile instead of failing a job at run time.

export interface LbJob {
  readonly loadBalancerId: string;
}

export interface LbCreateJob extends LbJob {
  readonly topology?: string;
  /** derives the new amphora ids, so a resumed job builds the same amphorae */
  readonly seed: string;
}

export interface LbDeleteJob extends LbJob {
  readonly cascade: boolean;
}

export interface LbFailoverJob extends LbJob {
  readonly seed: string;
  readonly oldAmphorae: readonly { readonly id: string; readonly role: string | null }[];
}

/** An amphora job; loadBalancerId is null for an amphora without a (live) load balancer. */
export interface AmphoraJob {
  readonly amphoraId: string;
  readonly loadBalancerId: string | null;
}

export interface AmphoraFailoverJob extends AmphoraJob {
  readonly role: string | null;
  readonly seed: string;
}

/** Input of every listener, pool, member, health monitor and L7 flow: the object(s) the operation is about. */
export interface ChildJob extends LbJob {
  readonly ids: readonly string[];
  /** the pool of a member/health monitor operation */
  readonly poolId?: string;
  /** the policy of an L7 rule operation */
  readonly l7policyId?: string;
}

export interface MemberBatchJob extends LbJob {
  readonly poolId: string;
  readonly created: readonly string[];
  readonly updated: readonly string[];
  readonly deleted: readonly string[];
}

export type ChildKind = 'listener' | 'pool' | 'member' | 'health_monitor' | 'l7policy' | 'l7rule';
export type ChildOp = 'create' | 'update' | 'delete';
/** create_listener, update_pool, delete_l7rule, ... */
export type ChildFlowName = `${ChildOp}_${ChildKind}`;

export type JobCatalog = {
  readonly create_load_balancer: LbCreateJob;
  readonly update_load_balancer: LbJob;
  readonly delete_load_balancer: LbDeleteJob;
  readonly failover_load_balancer: LbFailoverJob;
  readonly failover_amphora: AmphoraFailoverJob;
  readonly update_amphora_agent_config: AmphoraJob;
  readonly delete_amphora: AmphoraJob;
  readonly batch_update_members: MemberBatchJob;
} & { readonly [F in ChildFlowName]: ChildJob };

export type FlowName = keyof JobCatalog;
export type JobPayload<F extends FlowName> = JobCatalog[F];

/** The flows whose payload names a load balancer (the amphora provider's: their lane is the load balancer's). */
export type LbFlowName = { [F in FlowName]: JobPayload<F> extends LbJob ? F : never }[FlowName];

// The provider driver API (octavia-lib's ProviderDriver): one method per operation. The API calls these inside the
// transaction that wrote the PENDING_* statuses, so a driver that records work (the amphora provider enqueues a
// job) commits or rolls back together with the API's write. Work that must only happen once the write is visible
// is registered with afterCommit.
import type { Db } from '../db/connection.js';
import type { HealthMonitor, L7Policy, L7Rule, Listener, LoadBalancer, Member, Pool } from '../db/models.js';

export interface ProviderCall {
  /** the API's open transaction */
  readonly tx: Db;
  afterCommit(fn: () => void | Promise<void>): void;
}

export interface MemberBatch {
  readonly created: readonly Member[];
  readonly updated: readonly { old: Member; updated: Member }[];
  readonly deleted: readonly Member[];
}

export interface Capability {
  readonly name: string;
  readonly description: string;
}

/** Raised by drivers: the API turns it into Octavia's 501 "does not support a requested option/action". */
export class UnsupportedOptionError extends Error {
  override readonly name = 'UnsupportedOptionError';
  constructor(
    readonly userMessage: string,
    readonly kind: 'option' | 'action' = 'option',
  ) {
    super(userMessage);
  }
}

/** Raised by drivers for a rejected request (Octavia's DriverError → 500 "Provider '<p>' reports error: ..."). */
export class ProviderDriverError extends Error {
  override readonly name = 'ProviderDriverError';
  constructor(readonly userMessage: string) {
    super(userMessage);
  }
}

export interface ProviderDriver {
  readonly name: string;

  loadbalancerCreate(call: ProviderCall, lb: LoadBalancer, graph: { listeners: Listener[]; pools: Pool[] }): Promise<void>;
  loadbalancerUpdate(call: ProviderCall, old: LoadBalancer, updated: LoadBalancer): Promise<void>;
  loadbalancerDelete(call: ProviderCall, lb: LoadBalancer, cascade: boolean): Promise<void>;
  loadbalancerFailover(call: ProviderCall, lb: LoadBalancer): Promise<void>;

  listenerCreate(call: ProviderCall, listener: Listener): Promise<void>;
  listenerUpdate(call: ProviderCall, old: Listener, updated: Listener): Promise<void>;
  listenerDelete(call: ProviderCall, listener: Listener): Promise<void>;

  poolCreate(call: ProviderCall, pool: Pool): Promise<void>;
  poolUpdate(call: ProviderCall, old: Pool, updated: Pool): Promise<void>;
  poolDelete(call: ProviderCall, pool: Pool): Promise<void>;

  memberCreate(call: ProviderCall, member: Member, pool: Pool): Promise<void>;
  memberUpdate(call: ProviderCall, old: Member, updated: Member): Promise<void>;
  memberDelete(call: ProviderCall, member: Member): Promise<void>;
  memberBatchUpdate(call: ProviderCall, pool: Pool, batch: MemberBatch): Promise<void>;

  healthMonitorCreate(call: ProviderCall, hm: HealthMonitor): Promise<void>;
  healthMonitorUpdate(call: ProviderCall, old: HealthMonitor, updated: HealthMonitor): Promise<void>;
  healthMonitorDelete(call: ProviderCall, hm: HealthMonitor): Promise<void>;

  l7policyCreate(call: ProviderCall, policy: L7Policy, listener: Listener): Promise<void>;
  l7policyUpdate(call: ProviderCall, old: L7Policy, updated: L7Policy): Promise<void>;
  l7policyDelete(call: ProviderCall, policy: L7Policy): Promise<void>;

  l7ruleCreate(call: ProviderCall, rule: L7Rule): Promise<void>;
  l7ruleUpdate(call: ProviderCall, old: L7Rule, updated: L7Rule): Promise<void>;
  l7ruleDelete(call: ProviderCall, rule: L7Rule): Promise<void>;

  /** Checks a pool/member/listener option the provider cannot do (e.g. SOURCE_IP_PORT); throws UnsupportedOptionError. */
  validatePool?(pool: { lb_algorithm: string; protocol: string }): void;
  validateListener?(listener: { protocol: string }): void;
  validateL7Policy?(listener: { protocol: string }): void;

  flavorCapabilities(): readonly Capability[];
  validateFlavor(metadata: Record<string, unknown>): void;
  availabilityZoneCapabilities(): readonly Capability[];
  validateAvailabilityZone(metadata: Record<string, unknown>): void;
}

// Domain records as repositories return them: column values decoded (booleans, JSON lists), child references
// resolved to id lists, tags attached. The API renders these; providers and flows receive them.
// Each is its table's row (schema.ts) with the decoded and internal columns replaced by what is stated here, so a
// column added to or changed in a table reaches the records without being written twice.
import type {
  AdditionalVipRow,
  HealthMonitorRow,
  L7PolicyRow,
  L7RuleRow,
  ListenerRow,
  LoadBalancerRow,
  MemberRow,
  PoolRow,
  SessionPersistenceRow,
  VipRow,
} from './schema.js';

type Flat<T> = { [K in keyof T]: T[K] };
/** `Row` without the columns `Replaced`, plus `Added` (flattened, so editors and errors show plain properties). */
type Decoded<Row, Replaced extends keyof Row, Added> = Flat<Omit<Row, Replaced> & Added>;

export type Vip = Decoded<VipRow, 'load_balancer_id' | 'octavia_owned', { octavia_owned: boolean }>;

export type AdditionalVip = Omit<AdditionalVipRow, 'load_balancer_id'>;

export type LoadBalancer = Decoded<
  LoadBalancerRow,
  'enabled' | 'server_group_id',
  {
    enabled: boolean;
    vip: Vip;
    additional_vips: AdditionalVip[];
    listener_ids: string[];
    pool_ids: string[];
    tags: string[];
  }
>;

export type Listener = Decoded<
  ListenerRow,
  'enabled' | 'insert_headers' | 'tls_versions' | 'alpn_protocols' | 'transport' | 'peer_port',
  {
    enabled: boolean;
    insert_headers: Record<string, string>;
    tls_versions: string[] | null;
    alpn_protocols: string[] | null;
    sni_container_refs: string[];
    allowed_cidrs: string[];
    /** L7 policy ids in position order */
    l7policy_ids: string[];
    tags: string[];
  }
>;

export type SessionPersistence = Omit<SessionPersistenceRow, 'pool_id'>;

export type Pool = Decoded<
  PoolRow,
  'enabled' | 'tls_enabled' | 'tls_versions' | 'alpn_protocols',
  {
    enabled: boolean;
    tls_enabled: boolean;
    tls_versions: string[] | null;
    alpn_protocols: string[] | null;
    session_persistence: SessionPersistence | null;
    health_monitor_id: string | null;
    member_ids: string[];
    /** listeners using the pool as default pool, or through an enabled L7 policy with rules */
    listener_ids: string[];
    tags: string[];
  }
>;

export type Member = Decoded<MemberRow, 'backup' | 'enabled', { backup: boolean; enabled: boolean; tags: string[] }>;

export type HealthMonitor = Decoded<HealthMonitorRow, 'enabled', { enabled: boolean; tags: string[] }>;

export type L7Policy = Decoded<L7PolicyRow, 'enabled', { enabled: boolean; rule_ids: string[]; tags: string[] }>;

export type L7Rule = Decoded<L7RuleRow, 'invert' | 'enabled', { invert: boolean; enabled: boolean; tags: string[] }>;

// Quota bodies. Show, default and PUT answer the effective limits; Zed spells them load_balancer/health_monitor and
// later releases add loadbalancer/healthmonitor, so both spellings are emitted (the compatible superset).
import type { OctaviaConfig } from '../../../config/config.js';
import type { QuotaLimits, QuotaRecord } from '../../../db/repositories/quotas.js';
import { QUOTA_RESOURCES } from '../../../db/schema.js';
import { defaultLimit } from './limits.js';

export function effectiveLimits(config: OctaviaConfig, record: Partial<QuotaLimits> | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of QUOTA_RESOURCES) out[r] = record?.[r] ?? defaultLimit(config, r);
  return out;
}

export function renderQuota(limits: Partial<Record<string, number | null>> | QuotaLimits): Record<string, number | null> {
  const l = limits as Partial<Record<string, number | null>>;
  return {
    load_balancer: l.load_balancer ?? null,
    loadbalancer: l.load_balancer ?? null,
    listener: l.listener ?? null,
    member: l.member ?? null,
    pool: l.pool ?? null,
    health_monitor: l.health_monitor ?? null,
    healthmonitor: l.health_monitor ?? null,
    l7policy: l.l7policy ?? null,
    l7rule: l.l7rule ?? null,
  };
}

/** List items: the stored limits, null where the project uses the default. */
export function renderQuotaRecord(record: QuotaRecord): Record<string, unknown> {
  return { project_id: record.project_id, tenant_id: record.project_id, ...renderQuota(record) };
}

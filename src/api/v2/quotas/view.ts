// Quota bodies, as Octavia 11's WSME types render them. Show, default and PUT (QuotaResponse → QuotaBase, built
// straight from the data model) carry only the model's spellings load_balancer/health_monitor: QuotaBase declares
// loadbalancer/healthmonitor too, but nothing sets them and WSME leaves unset attributes out. List items
// (QuotaAllBase) map the model to loadbalancer/healthmonitor and copy them back, so they carry both, and tenant_id.
import type { OctaviaConfig } from '../../../config/config.js';
import type { QuotaLimits, QuotaRecord } from '../../../db/repositories/quotas.js';
import { QUOTA_RESOURCES } from '../../../db/schema.js';
import { defaultLimit } from './limits.js';
import type { QuotaRecordView, QuotaView } from './response.js';

export function effectiveLimits(config: OctaviaConfig, record: Partial<QuotaLimits> | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of QUOTA_RESOURCES) out[r] = record?.[r] ?? defaultLimit(config, r);
  return out;
}

export function renderQuota(limits: Partial<Record<string, number | null>> | QuotaLimits): QuotaView {
  const l = limits as Partial<Record<string, number | null>>;
  return {
    load_balancer: l.load_balancer ?? null,
    listener: l.listener ?? null,
    member: l.member ?? null,
    pool: l.pool ?? null,
    health_monitor: l.health_monitor ?? null,
    l7policy: l.l7policy ?? null,
    l7rule: l.l7rule ?? null,
  };
}

/** List items: the stored limits, null where the project uses the default, under both spellings. */
export function renderQuotaRecord(record: QuotaRecord): QuotaRecordView {
  const quota = renderQuota(record);
  return {
    project_id: record.project_id,
    tenant_id: record.project_id,
    ...quota,
    loadbalancer: quota.load_balancer,
    healthmonitor: quota.health_monitor,
  };
}

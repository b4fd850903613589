// Quota answers (view.ts says which spellings each carries). The list takes no fields=, so its items are whole.
import { type Static, Type } from '@sinclair/typebox';
import { LinkSchema, NullableInt, NullableStr, objectResponse } from '../common/response.js';

const limits = {
  load_balancer: NullableInt(),
  listener: NullableInt(),
  member: NullableInt(),
  pool: NullableInt(),
  health_monitor: NullableInt(),
  l7policy: NullableInt(),
  l7rule: NullableInt(),
};
export const QuotaSchema = Type.Object(limits);
export type QuotaView = Static<typeof QuotaSchema>;

export const QuotaRecordSchema = Type.Object({
  project_id: NullableStr(),
  tenant_id: NullableStr(),
  ...limits,
  loadbalancer: NullableInt(),
  healthmonitor: NullableInt(),
});
export type QuotaRecordView = Static<typeof QuotaRecordSchema>;

export const QuotaResponse = objectResponse('quota', QuotaSchema);
export const QuotaListResponse = Type.Object({ quotas: Type.Array(QuotaRecordSchema), quotas_links: Type.Array(LinkSchema) });

// The health monitor as Octavia renders it (HealthMonitorResponse), in its key order.
import { type Static, Type } from '@sinclair/typebox';
import {
  Bool,
  IdRefs,
  Int,
  NullableStr,
  Str,
  Strings,
  Timestamp,
  listResponse,
  nullable,
  objectResponse,
  ownerProps,
  showResponse,
} from '../common/response.js';

export const HealthMonitorSchema = Type.Object({
  id: Str(),
  name: Str(),
  type: Str(),
  delay: Int(),
  timeout: Int(),
  max_retries: Int(),
  max_retries_down: Int(),
  http_method: NullableStr(),
  url_path: NullableStr(),
  expected_codes: NullableStr(),
  admin_state_up: Bool(),
  ...ownerProps,
  // not in the full rendering inside a graph response
  pools: Type.Optional(IdRefs()),
  provisioning_status: Str(),
  operating_status: Str(),
  created_at: Timestamp(),
  updated_at: Timestamp(),
  tags: Strings(),
  // 1.0 or 1.1: a number, not an integer
  http_version: nullable(Type.Number()),
  domain_name: NullableStr(),
});
export type HealthMonitorView = Static<typeof HealthMonitorSchema>;

export const HealthMonitorResponse = objectResponse('healthmonitor', HealthMonitorSchema);
export const HealthMonitorShowResponse = showResponse('healthmonitor', HealthMonitorSchema);
export const HealthMonitorListResponse = listResponse('healthmonitors', 'healthmonitors_links', HealthMonitorSchema);

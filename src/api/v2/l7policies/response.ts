// The L7 policy as Octavia renders it (L7PolicyResponse), in its key order.
import { type Static, Type } from '@sinclair/typebox';
import {
  Bool,
  IdRefs,
  Int,
  NullableInt,
  NullableStr,
  Str,
  Strings,
  Timestamp,
  listResponse,
  objectResponse,
  ownerProps,
  showResponse,
} from '../common/response.js';

export const L7PolicySchema = Type.Object({
  id: Str(),
  name: Str(),
  description: Str(),
  provisioning_status: Str(),
  operating_status: Str(),
  admin_state_up: Bool(),
  ...ownerProps,
  action: Str(),
  listener_id: Str(),
  redirect_pool_id: NullableStr(),
  redirect_url: NullableStr(),
  redirect_prefix: NullableStr(),
  position: Int(),
  rules: IdRefs(),
  created_at: Timestamp(),
  updated_at: Timestamp(),
  tags: Strings(),
  redirect_http_code: NullableInt(),
});
export type L7PolicyView = Static<typeof L7PolicySchema>;

export const L7PolicyResponse = objectResponse('l7policy', L7PolicySchema);
export const L7PolicyShowResponse = showResponse('l7policy', L7PolicySchema);
export const L7PolicyListResponse = listResponse('l7policies', 'l7policies_links', L7PolicySchema);

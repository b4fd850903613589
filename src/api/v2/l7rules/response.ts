// The L7 rule as Octavia renders it (L7RuleResponse), in its key order.
import { type Static, Type } from '@sinclair/typebox';
import { Bool, NullableStr, Str, Strings, Timestamp, listResponse, objectResponse, ownerProps, showResponse } from '../common/response.js';

export const L7RuleSchema = Type.Object({
  id: Str(),
  type: Str(),
  compare_type: Str(),
  key: NullableStr(),
  value: Str(),
  invert: Bool(),
  provisioning_status: Str(),
  operating_status: Str(),
  created_at: Timestamp(),
  updated_at: Timestamp(),
  ...ownerProps,
  admin_state_up: Bool(),
  tags: Strings(),
});
export type L7RuleView = Static<typeof L7RuleSchema>;

export const L7RuleResponse = objectResponse('rule', L7RuleSchema);
export const L7RuleShowResponse = showResponse('rule', L7RuleSchema);
export const L7RuleListResponse = listResponse('rules', 'rules_links', L7RuleSchema);

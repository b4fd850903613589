// The member as Octavia renders it (MemberResponse), in its key order.
import { type Static, Type } from '@sinclair/typebox';
import {
  Bool,
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

export const MemberSchema = Type.Object({
  id: Str(),
  name: Str(),
  operating_status: Str(),
  provisioning_status: Str(),
  admin_state_up: Bool(),
  address: Str(),
  protocol_port: Int(),
  weight: NullableInt(),
  backup: Bool(),
  subnet_id: NullableStr(),
  ...ownerProps,
  created_at: Timestamp(),
  updated_at: Timestamp(),
  monitor_address: NullableStr(),
  monitor_port: NullableInt(),
  tags: Strings(),
});
export type MemberView = Static<typeof MemberSchema>;

export const MemberResponse = objectResponse('member', MemberSchema);
export const MemberShowResponse = showResponse('member', MemberSchema);
export const MemberListResponse = listResponse('members', 'members_links', MemberSchema);

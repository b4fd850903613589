// The pool as Octavia renders it (PoolResponse), in its key order.
import { type Static, Type } from '@sinclair/typebox';
import {
  Bool,
  IdRefs,
  NullableInt,
  NullableStr,
  NullableStrings,
  Str,
  Strings,
  Timestamp,
  listResponse,
  nullable,
  objectResponse,
  ownerProps,
  showResponse,
} from '../common/response.js';

export const SessionPersistenceSchema = Type.Object({
  type: Str(),
  cookie_name: NullableStr(),
  persistence_timeout: NullableInt(),
  persistence_granularity: NullableStr(),
});

export const PoolSchema = Type.Object({
  id: Str(),
  name: Str(),
  description: Str(),
  provisioning_status: Str(),
  operating_status: Str(),
  admin_state_up: Bool(),
  protocol: Str(),
  lb_algorithm: Str(),
  session_persistence: nullable(SessionPersistenceSchema),
  ...ownerProps,
  loadbalancers: IdRefs(),
  listeners: IdRefs(),
  created_at: Timestamp(),
  updated_at: Timestamp(),
  // left out when the pool has no monitor, as Octavia does
  healthmonitor_id: Type.Optional(Str()),
  members: IdRefs(),
  tags: Strings(),
  tls_container_ref: NullableStr(),
  ca_tls_container_ref: NullableStr(),
  crl_container_ref: NullableStr(),
  tls_enabled: Bool(),
  tls_ciphers: NullableStr(),
  tls_versions: NullableStrings(),
  alpn_protocols: NullableStrings(),
});
export type PoolView = Static<typeof PoolSchema>;

export const PoolResponse = objectResponse('pool', PoolSchema);
export const PoolShowResponse = showResponse('pool', PoolSchema);
export const PoolListResponse = listResponse('pools', 'pools_links', PoolSchema);

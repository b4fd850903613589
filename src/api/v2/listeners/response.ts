// The listener as Octavia renders it (ListenerResponse), in its key order.
import { type Static, Type } from '@sinclair/typebox';
import {
  Bool,
  IdRefs,
  Int,
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

export const ListenerSchema = Type.Object({
  id: Str(),
  name: Str(),
  description: Str(),
  provisioning_status: Str(),
  operating_status: Str(),
  admin_state_up: Bool(),
  protocol: Str(),
  protocol_port: Int(),
  connection_limit: NullableInt(),
  default_tls_container_ref: NullableStr(),
  sni_container_refs: Strings(),
  ...ownerProps,
  default_pool_id: NullableStr(),
  l7policies: IdRefs(),
  insert_headers: Type.Record(Type.String(), Type.String()),
  created_at: Timestamp(),
  updated_at: Timestamp(),
  loadbalancers: IdRefs(),
  timeout_client_data: NullableInt(),
  timeout_member_connect: NullableInt(),
  timeout_member_data: NullableInt(),
  timeout_tcp_inspect: NullableInt(),
  tags: Strings(),
  client_ca_tls_container_ref: NullableStr(),
  client_authentication: Str(),
  client_crl_container_ref: NullableStr(),
  allowed_cidrs: nullable(Strings()),
  tls_ciphers: NullableStr(),
  tls_versions: NullableStrings(),
  alpn_protocols: NullableStrings(),
});
export type ListenerView = Static<typeof ListenerSchema>;

export const ListenerResponse = objectResponse('listener', ListenerSchema);
export const ListenerShowResponse = showResponse('listener', ListenerSchema);
export const ListenerListResponse = listResponse('listeners', 'listeners_links', ListenerSchema);

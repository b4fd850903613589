import { ALPN_PROTOCOLS, CLIENT_AUTH_MODES, LISTENER_PROTOCOLS, MAX_TIMEOUT } from '../../../common/constants.js';
import { type Static, Type, bool, cidr, int, list, oneOf, str, strMap, tags, uuid } from '../../validation/types.js';
import { L7PolicySingleCreateSchema } from '../l7policies/schema.js';
import { PoolSingleCreateSchema } from '../pools/schema.js';

const opt = <T extends Parameters<typeof Type.Optional>[0]>(s: T) => Type.Optional(Type.Union([s, Type.Null()]));
const timeout = () => opt(int(0, MAX_TIMEOUT));

const mutable = {
  name: opt(str(255)),
  description: opt(str(255)),
  admin_state_up: opt(bool()),
  connection_limit: opt(int(-1)),
  default_tls_container_ref: opt(str(255)),
  sni_container_refs: opt(list(str(255))),
  default_pool_id: opt(uuid()),
  insert_headers: opt(strMap(255)),
  timeout_client_data: timeout(),
  timeout_member_connect: timeout(),
  timeout_member_data: timeout(),
  timeout_tcp_inspect: timeout(),
  tags: opt(tags()),
  client_ca_tls_container_ref: opt(str(255)),
  client_authentication: opt(oneOf(CLIENT_AUTH_MODES)),
  client_crl_container_ref: opt(str(255)),
  allowed_cidrs: opt(list(cidr())),
  tls_ciphers: opt(str(2048)),
  tls_versions: opt(list(str(32))),
  alpn_protocols: opt(list(oneOf(ALPN_PROTOCOLS))),
};

// mandatory attributes are not nullable: a JSON null there is "Mandatory field missing." as in WSME
const createOnly = {
  protocol: oneOf(LISTENER_PROTOCOLS),
  protocol_port: int(1, 65535),
  default_pool: opt(PoolSingleCreateSchema),
  l7policies: opt(list(L7PolicySingleCreateSchema)),
};

export const ListenerPostSchema = Type.Object({
  ...mutable,
  ...createOnly,
  loadbalancer_id: uuid(),
  project_id: opt(str(36)),
  tenant_id: opt(str(36)),
});
export type ListenerPost = Static<typeof ListenerPostSchema>;

export const ListenerSingleCreateSchema = Type.Object({ ...mutable, ...createOnly });
export type ListenerSingleCreate = Static<typeof ListenerSingleCreateSchema>;

export const ListenerPutSchema = Type.Object({ ...mutable });
export type ListenerPut = Static<typeof ListenerPutSchema>;

import { ALPN_PROTOCOLS, LB_ALGORITHMS, POOL_PROTOCOLS, SESSION_PERSISTENCE_TYPES } from '../../../common/constants.js';
import { type Static, Type, bool, int, ip, list, oneOf, pattern, str, tags, uuid } from '../../validation/types.js';
import { COOKIE_NAME } from '../common/patterns.js';
import { HealthMonitorSingleCreateSchema } from '../healthmonitors/schema.js';
import { MemberSingleCreateSchema } from '../members/schema.js';

const opt = <T extends Parameters<typeof Type.Optional>[0]>(s: T) => Type.Optional(Type.Union([s, Type.Null()]));

const sessionPersistenceFields = {
  type: opt(oneOf(SESSION_PERSISTENCE_TYPES)),
  cookie_name: opt(pattern(COOKIE_NAME, 255)),
  persistence_timeout: opt(int()),
  persistence_granularity: opt(ip()),
};
export const SessionPersistencePostSchema = Type.Object(sessionPersistenceFields, { required: ['type'] });
export const SessionPersistencePutSchema = Type.Object(sessionPersistenceFields);
export type SessionPersistenceInput = Static<typeof SessionPersistencePutSchema>;

const alpn = list(oneOf(ALPN_PROTOCOLS));

const mutable = {
  name: opt(str(255)),
  description: opt(str(255)),
  admin_state_up: opt(bool()),
  lb_algorithm: opt(oneOf(LB_ALGORITHMS)),
  tags: opt(tags()),
  tls_container_ref: opt(str(255)),
  ca_tls_container_ref: opt(str(255)),
  crl_container_ref: opt(str(255)),
  tls_enabled: opt(bool()),
  tls_ciphers: opt(str(2048)),
  tls_versions: opt(list(str(32))),
  alpn_protocols: opt(alpn),
};

const createOnly = {
  protocol: opt(oneOf(POOL_PROTOCOLS)),
  session_persistence: opt(SessionPersistencePostSchema),
  healthmonitor: opt(HealthMonitorSingleCreateSchema),
  members: opt(list(MemberSingleCreateSchema)),
};

// null in a mandatory field is "missing" (Octavia itself fails on it with a database error)
export const PoolPostSchema = Type.Object(
  {
    ...mutable,
    ...createOnly,
    protocol: Type.Optional(oneOf(POOL_PROTOCOLS)),
    lb_algorithm: Type.Optional(oneOf(LB_ALGORITHMS)),
    listener_id: opt(uuid()),
    loadbalancer_id: opt(uuid()),
    project_id: opt(str(36)),
    tenant_id: opt(str(36)),
  },
  { required: ['protocol', 'lb_algorithm'] },
);
export type PoolPost = Static<typeof PoolPostSchema>;

/**
 * In a graph create a pool may be just {"name": ...}: a reference to a pool defined elsewhere in the request,
 * so protocol and lb_algorithm are checked later with Octavia's own message.
 */
export const PoolSingleCreateSchema = Type.Object({ ...mutable, ...createOnly });
export type PoolSingleCreate = Static<typeof PoolSingleCreateSchema>;

export const PoolPutSchema = Type.Object({ ...mutable, session_persistence: opt(SessionPersistencePutSchema) });
export type PoolPut = Static<typeof PoolPutSchema>;

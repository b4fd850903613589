import { type Static, Type, bool, int, ip, list, str, tags, uuid } from '../../validation/types.js';

const opt = <T extends Parameters<typeof Type.Optional>[0]>(s: T) => Type.Optional(Type.Union([s, Type.Null()]));

const createFields = {
  name: opt(str(255)),
  admin_state_up: opt(bool()),
  // not nullable: null in a mandatory field is "missing" (Octavia itself fails on it with a 500)
  address: Type.Optional(ip()),
  protocol_port: Type.Optional(int(1, 65535)),
  weight: opt(int(0, 256)),
  backup: opt(bool()),
  subnet_id: opt(uuid()),
  monitor_port: opt(int(1, 65535)),
  monitor_address: opt(ip()),
  tags: opt(tags()),
};

export const MemberPostSchema = Type.Object(
  { ...createFields, project_id: opt(str(36)), tenant_id: opt(str(36)) },
  { required: ['address', 'protocol_port'] },
);
export type MemberPost = Static<typeof MemberPostSchema>;

export const MemberSingleCreateSchema = Type.Object({ ...createFields }, { required: ['address', 'protocol_port'] });
export type MemberSingleCreate = Static<typeof MemberSingleCreateSchema>;

export const MemberPutSchema = Type.Object({
  name: opt(str(255)),
  admin_state_up: opt(bool()),
  weight: opt(int(0, 256)),
  backup: opt(bool()),
  monitor_port: opt(int(1, 65535)),
  monitor_address: opt(ip()),
  tags: opt(tags()),
});
export type MemberPut = Static<typeof MemberPutSchema>;

export const MembersBatchSchema = Type.Object({ members: opt(list(MemberPostSchema)) }, { required: ['members'] });

import { type Static, Type, bool, ip, list, nullable, str, tags, uuid } from '../../validation/types.js';
import { ListenerSingleCreateSchema } from '../listeners/schema.js';
import { PoolSingleCreateSchema } from '../pools/schema.js';

const opt = <T extends Parameters<typeof nullable>[0]>(s: T) => Type.Optional(nullable(s));

export const AdditionalVipSchema = Type.Object({ subnet_id: uuid(), ip_address: opt(ip()) }, { required: ['subnet_id'] });

export const LoadBalancerPostSchema = Type.Object({
  name: opt(str(255)),
  description: opt(str(255)),
  admin_state_up: opt(bool()),
  vip_address: opt(ip()),
  vip_port_id: opt(uuid()),
  vip_subnet_id: opt(uuid()),
  vip_network_id: opt(uuid()),
  vip_qos_policy_id: opt(uuid()),
  additional_vips: opt(list(AdditionalVipSchema)),
  project_id: opt(str(36)),
  tenant_id: opt(str(36)),
  listeners: opt(list(ListenerSingleCreateSchema)),
  pools: opt(list(PoolSingleCreateSchema)),
  provider: opt(str(64)),
  tags: opt(tags()),
  flavor_id: opt(uuid()),
  availability_zone: opt(str(255)),
});
export type LoadBalancerPost = Static<typeof LoadBalancerPostSchema>;

export const LoadBalancerPutSchema = Type.Object({
  name: opt(str(255)),
  description: opt(str(255)),
  vip_qos_policy_id: opt(uuid()),
  admin_state_up: opt(bool()),
  tags: opt(tags()),
});
export type LoadBalancerPut = Static<typeof LoadBalancerPutSchema>;

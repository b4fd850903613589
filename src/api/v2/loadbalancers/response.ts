// The load balancer answers as Octavia renders them: the object (LoadBalancerResponse), the 201 of a create with its
// children in full (LoadBalancerFullResponse), the status tree (StatusResponse) and the statistics (StatisticsResponse).
import { type Static, Type } from '@sinclair/typebox';
import { HealthMonitorSchema } from '../healthmonitors/response.js';
import { L7PolicySchema } from '../l7policies/response.js';
import { L7RuleSchema } from '../l7rules/response.js';
import { ListenerSchema } from '../listeners/response.js';
import { MemberSchema } from '../members/response.js';
import { PoolSchema } from '../pools/response.js';
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

export const LoadBalancerSchema = Type.Object({
  id: Str(),
  name: Str(),
  description: Str(),
  provisioning_status: Str(),
  operating_status: Str(),
  admin_state_up: Bool(),
  ...ownerProps,
  created_at: Timestamp(),
  updated_at: Timestamp(),
  vip_address: NullableStr(),
  vip_port_id: NullableStr(),
  vip_subnet_id: NullableStr(),
  vip_network_id: NullableStr(),
  vip_qos_policy_id: NullableStr(),
  additional_vips: Type.Array(Type.Object({ subnet_id: Str(), ip_address: NullableStr() })),
  listeners: IdRefs(),
  pools: IdRefs(),
  provider: Str(),
  flavor_id: NullableStr(),
  tags: Strings(),
  availability_zone: NullableStr(),
});
export type LoadBalancerView = Static<typeof LoadBalancerSchema>;

export const LoadBalancerResponse = objectResponse('loadbalancer', LoadBalancerSchema);
export const LoadBalancerShowResponse = showResponse('loadbalancer', LoadBalancerSchema);
export const LoadBalancerListResponse = listResponse('loadbalancers', 'loadbalancers_links', LoadBalancerSchema);

// The *FullResponse children: a property replaced keeps its place (object spread), an added one comes last.
const L7PolicyFullSchema = Type.Object({ ...L7PolicySchema.properties, rules: Type.Array(L7RuleSchema) });
const ListenerFullSchema = Type.Object({
  ...Type.Omit(ListenerSchema, ['loadbalancers']).properties,
  l7policies: Type.Array(L7PolicyFullSchema),
});
const PoolFullSchema = Type.Object({
  ...Type.Omit(PoolSchema, ['loadbalancers', 'healthmonitor_id']).properties,
  members: Type.Array(MemberSchema),
  healthmonitor: nullable(Type.Omit(HealthMonitorSchema, ['pools'])),
});
export const LoadBalancerFullSchema = Type.Object({
  ...LoadBalancerSchema.properties,
  listeners: Type.Array(ListenerFullSchema),
  pools: Type.Array(PoolFullSchema),
});
export type LoadBalancerFullView = Static<typeof LoadBalancerFullSchema>;
export const LoadBalancerFullResponse = objectResponse('loadbalancer', LoadBalancerFullSchema);

const statusProps = { provisioning_status: Str(), operating_status: Str() };
const StatusPoolSchema = Type.Object({
  id: Str(),
  name: Str(),
  ...statusProps,
  health_monitor: Type.Optional(Type.Object({ id: Str(), name: Str(), type: Str(), ...statusProps })),
  members: Type.Array(
    Type.Object({ id: Str(), name: Str(), operating_status: Str(), provisioning_status: Str(), address: Str(), protocol_port: Int() }),
  ),
});
export type StatusPoolView = Static<typeof StatusPoolSchema>;
export const StatusResponse = Type.Object({
  statuses: Type.Object({
    loadbalancer: Type.Object({
      id: Str(),
      name: Str(),
      operating_status: Str(),
      provisioning_status: Str(),
      listeners: Type.Array(
        Type.Object({ id: Str(), name: Str(), operating_status: Str(), provisioning_status: Str(), pools: Type.Array(StatusPoolSchema) }),
      ),
    }),
  }),
});
export type StatusView = Static<typeof StatusResponse>;

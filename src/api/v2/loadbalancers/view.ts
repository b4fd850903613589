import type { LoadBalancer } from '../../../db/models.js';
import { idRefs, owner, text, ts } from '../common/render.js';
import type { LoadBalancerView } from './response.js';

export function renderLoadBalancer(lb: LoadBalancer): LoadBalancerView {
  return {
    id: lb.id,
    name: text(lb.name),
    description: text(lb.description),
    provisioning_status: lb.provisioning_status,
    operating_status: lb.operating_status,
    admin_state_up: lb.enabled,
    ...owner(lb.project_id),
    created_at: ts(lb.created_at),
    updated_at: ts(lb.updated_at),
    vip_address: lb.vip.ip_address,
    vip_port_id: lb.vip.port_id,
    vip_subnet_id: lb.vip.subnet_id,
    vip_network_id: lb.vip.network_id,
    vip_qos_policy_id: lb.vip.qos_policy_id,
    additional_vips: lb.additional_vips.map((v) => ({ subnet_id: v.subnet_id, ip_address: v.ip_address })),
    listeners: idRefs(lb.listener_ids),
    pools: idRefs(lb.pool_ids),
    provider: lb.provider || 'octavia',
    flavor_id: lb.flavor_id,
    tags: lb.tags,
    availability_zone: lb.availability_zone,
  };
}

import type { Amphora } from '../../../db/repositories/amphorae.js';
import { ts } from '../common/render.js';
import type { AmphoraView } from './response.js';

export function renderAmphora(a: Amphora): AmphoraView {
  return {
    id: a.id,
    loadbalancer_id: a.load_balancer_id,
    compute_id: a.compute_id,
    lb_network_ip: a.lb_network_ip,
    vrrp_ip: a.vrrp_ip,
    ha_ip: a.ha_ip,
    vrrp_port_id: a.vrrp_port_id,
    ha_port_id: a.ha_port_id,
    cert_expiration: ts(a.cert_expiration),
    cert_busy: a.cert_busy,
    role: a.role,
    status: a.status,
    vrrp_interface: a.vrrp_interface,
    vrrp_id: a.vrrp_id,
    vrrp_priority: a.vrrp_priority,
    cached_zone: a.cached_zone,
    created_at: ts(a.created_at),
    updated_at: ts(a.updated_at),
    image_id: a.image_id,
    compute_flavor: a.compute_flavor,
  };
}

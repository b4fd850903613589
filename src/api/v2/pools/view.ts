import type { Pool } from '../../../db/models.js';
import { idRefs, owner, text, ts } from '../common/render.js';
import type { PoolView } from './response.js';

export function renderSessionPersistence(pool: Pool): PoolView['session_persistence'] {
  const sp = pool.session_persistence;
  if (!sp) return null;
  return {
    type: sp.type,
    cookie_name: sp.cookie_name,
    persistence_timeout: sp.persistence_timeout,
    persistence_granularity: sp.persistence_granularity,
  };
}

export function renderPool(p: Pool): PoolView {
  return {
    id: p.id,
    name: text(p.name),
    description: text(p.description),
    provisioning_status: p.provisioning_status,
    operating_status: p.operating_status,
    admin_state_up: p.enabled,
    protocol: p.protocol,
    lb_algorithm: p.lb_algorithm,
    session_persistence: renderSessionPersistence(p),
    ...owner(p.project_id),
    loadbalancers: idRefs([p.load_balancer_id]),
    listeners: idRefs(p.listener_ids),
    created_at: ts(p.created_at),
    updated_at: ts(p.updated_at),
    // Octavia omits healthmonitor_id entirely when the pool has no monitor
    ...(p.health_monitor_id ? { healthmonitor_id: p.health_monitor_id } : {}),
    members: idRefs(p.member_ids),
    tags: p.tags,
    tls_container_ref: p.tls_certificate_id,
    ca_tls_container_ref: p.ca_tls_certificate_id,
    crl_container_ref: p.crl_container_id,
    tls_enabled: p.tls_enabled,
    tls_ciphers: p.tls_ciphers,
    tls_versions: p.tls_versions,
    alpn_protocols: p.alpn_protocols,
  };
}

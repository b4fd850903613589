import type { Listener } from '../../../db/models.js';
import { idRefs, owner, text, ts } from '../common/render.js';
import type { ListenerView } from './response.js';

export function renderListener(l: Listener): ListenerView {
  return {
    id: l.id,
    name: text(l.name),
    description: text(l.description),
    provisioning_status: l.provisioning_status,
    operating_status: l.operating_status,
    admin_state_up: l.enabled,
    protocol: l.protocol,
    protocol_port: l.protocol_port,
    connection_limit: l.connection_limit,
    default_tls_container_ref: l.tls_certificate_id,
    sni_container_refs: l.sni_container_refs,
    ...owner(l.project_id),
    default_pool_id: l.default_pool_id,
    l7policies: idRefs(l.l7policy_ids),
    insert_headers: l.insert_headers,
    created_at: ts(l.created_at),
    updated_at: ts(l.updated_at),
    loadbalancers: idRefs([l.load_balancer_id]),
    timeout_client_data: l.timeout_client_data,
    timeout_member_connect: l.timeout_member_connect,
    timeout_member_data: l.timeout_member_data,
    timeout_tcp_inspect: l.timeout_tcp_inspect,
    tags: l.tags,
    client_ca_tls_container_ref: l.client_ca_tls_certificate_id,
    client_authentication: l.client_authentication,
    client_crl_container_ref: l.client_crl_container_id,
    allowed_cidrs: l.allowed_cidrs.length > 0 ? l.allowed_cidrs : null,
    tls_ciphers: l.tls_ciphers,
    tls_versions: l.tls_versions,
    alpn_protocols: l.alpn_protocols,
  };
}

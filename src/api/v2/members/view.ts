import type { Member } from '../../../db/models.js';
import { owner, text, ts } from '../common/render.js';
import type { MemberView } from './response.js';

export function renderMember(m: Member): MemberView {
  return {
    id: m.id,
    name: text(m.name),
    operating_status: m.operating_status,
    provisioning_status: m.provisioning_status,
    admin_state_up: m.enabled,
    address: m.ip_address,
    protocol_port: m.protocol_port,
    weight: m.weight,
    backup: m.backup,
    subnet_id: m.subnet_id,
    ...owner(m.project_id),
    created_at: ts(m.created_at),
    updated_at: ts(m.updated_at),
    monitor_address: m.monitor_address,
    monitor_port: m.monitor_port,
    tags: m.tags,
  };
}

import type { L7Policy } from '../../../db/models.js';
import { idRefs, owner, text, ts } from '../common/render.js';
import type { L7PolicyView } from './response.js';

export function renderL7Policy(p: L7Policy): L7PolicyView {
  return {
    id: p.id,
    name: text(p.name),
    description: text(p.description),
    provisioning_status: p.provisioning_status,
    operating_status: p.operating_status,
    admin_state_up: p.enabled,
    ...owner(p.project_id),
    action: p.action,
    listener_id: p.listener_id,
    redirect_pool_id: p.redirect_pool_id,
    redirect_url: p.redirect_url,
    redirect_prefix: p.redirect_prefix,
    position: p.position,
    rules: idRefs(p.rule_ids),
    created_at: ts(p.created_at),
    updated_at: ts(p.updated_at),
    tags: p.tags,
    redirect_http_code: p.redirect_http_code,
  };
}

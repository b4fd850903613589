import type { L7Rule } from '../../../db/models.js';
import { owner, ts } from '../common/render.js';
import type { L7RuleView } from './response.js';

export function renderL7Rule(r: L7Rule): L7RuleView {
  return {
    id: r.id,
    type: r.type,
    compare_type: r.compare_type,
    key: r.key,
    value: r.value,
    invert: r.invert,
    provisioning_status: r.provisioning_status,
    operating_status: r.operating_status,
    created_at: ts(r.created_at),
    updated_at: ts(r.updated_at),
    ...owner(r.project_id),
    admin_state_up: r.enabled,
    tags: r.tags,
  };
}

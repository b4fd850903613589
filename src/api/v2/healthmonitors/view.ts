import type { HealthMonitor } from '../../../db/models.js';
import { idRefs, owner, text, ts } from '../common/render.js';
import type { HealthMonitorView } from './response.js';

export function renderHealthMonitor(hm: HealthMonitor, full = false): HealthMonitorView {
  return {
    id: hm.id,
    name: text(hm.name),
    type: hm.type,
    delay: hm.delay,
    timeout: hm.timeout,
    max_retries: hm.rise_threshold,
    max_retries_down: hm.fall_threshold,
    http_method: hm.http_method,
    url_path: hm.url_path,
    expected_codes: hm.expected_codes,
    admin_state_up: hm.enabled,
    ...owner(hm.project_id),
    // the "full" rendering inside a graph response drops the back-reference to the pool, as Octavia does
    ...(full ? {} : { pools: idRefs([hm.pool_id]) }),
    provisioning_status: hm.provisioning_status,
    operating_status: hm.operating_status,
    created_at: ts(hm.created_at),
    updated_at: ts(hm.updated_at),
    tags: hm.tags,
    http_version: hm.http_version,
    domain_name: hm.domain_name,
  };
}

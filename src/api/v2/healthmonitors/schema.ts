import { type Static, Type, bool, int, num, oneOf, pattern, str, tags, urlPath, uuid } from '../../validation/types.js';
import { HEALTH_MONITOR_TYPES, HTTP_METHODS } from '../../../common/constants.js';
import { DOMAIN_NAME, EXPECTED_CODES } from '../common/patterns.js';

const opt = <T extends Parameters<typeof Type.Optional>[0]>(s: T) => Type.Optional(Type.Union([s, Type.Null()]));

const mutable = {
  name: opt(str(255)),
  delay: opt(int(0)),
  timeout: opt(int(0)),
  max_retries_down: opt(int(1, 10)),
  max_retries: opt(int(1, 10)),
  http_method: opt(oneOf(HTTP_METHODS)),
  url_path: opt(urlPath()),
  expected_codes: opt(pattern(EXPECTED_CODES, 64)),
  admin_state_up: opt(bool()),
  tags: opt(tags()),
  http_version: opt(num([1.0, 1.1])),
  domain_name: opt(Type.String({ minLength: 1, maxLength: 255, pattern: DOMAIN_NAME })),
};

export const HealthMonitorPostSchema = Type.Object(
  {
    ...mutable,
    type: opt(oneOf(HEALTH_MONITOR_TYPES)),
    // not nullable: a null pool_id is "missing" (Octavia looks up pool None and answers 404)
    pool_id: Type.Optional(uuid()),
    project_id: opt(str(36)),
    tenant_id: opt(str(36)),
  },
  { required: ['type', 'delay', 'timeout', 'max_retries', 'pool_id'] },
);
export type HealthMonitorPost = Static<typeof HealthMonitorPostSchema>;

export const HealthMonitorSingleCreateSchema = Type.Object(
  { ...mutable, type: opt(oneOf(HEALTH_MONITOR_TYPES)) },
  { required: ['type', 'delay', 'timeout', 'max_retries'] },
);
export type HealthMonitorSingleCreate = Static<typeof HealthMonitorSingleCreateSchema>;

export const HealthMonitorPutSchema = Type.Object({ ...mutable });
export type HealthMonitorPut = Static<typeof HealthMonitorPutSchema>;

// Health monitor validation and defaults (Octavia's HealthMonitorController).
import { LVS_PROTOCOLS } from '../../../common/constants.js';
import { disabledOption, invalidOption, validationFailure } from '../../../common/faults.js';
import { newId } from '../../../common/ids.js';
import type { HealthMonitor, Pool } from '../../../db/models.js';
import type { NewHealthMonitor } from '../../../db/repositories/health-monitors.js';
import type { ApiServices } from '../../services.js';
import { adminState, orDefault } from '../common/body.js';
import type { HealthMonitorPut, HealthMonitorSingleCreate } from './schema.js';

const HTTP_TYPES = ['HTTP', 'HTTPS'];
const LVS_HM_TYPES = ['UDP-CONNECT', 'SCTP', 'TCP', 'HTTP'];

export function validateTypeForPool(services: ApiServices, type: string, delay: number, pool: { protocol: string }): void {
  if (!services.config.api_settings.allow_ping_health_monitors && type === 'PING') throw disabledOption('type', 'PING');
  if (LVS_PROTOCOLS.includes(pool.protocol)) {
    if (!LVS_HM_TYPES.includes(type)) {
      throw validationFailure(
        `The associated pool protocol is ${pool.protocol}, so only a UDP-CONNECT/SCTP/TCP/HTTP health monitor is supported.`,
      );
    }
    const min = services.config.api_settings.udp_connect_min_interval_health_monitor;
    if (type === 'UDP-CONNECT' && delay < min) {
      throw validationFailure(`The request delay value ${delay} should be larger than ${min} for UDP-CONNECT health monitor type.`);
    }
  } else if (type === 'UDP-CONNECT' || type === 'SCTP') {
    throw validationFailure(`The ${type} type is only supported for pools of type UDP/SCTP.`);
  }
}

/** Python's '%s' of a float: 1.0 stays "1.0" (JavaScript would print "1"). */
const pyFloat = (n: number): string => (Number.isInteger(n) ? n.toFixed(1) : String(n));

function domainCheckFault(version: number) {
  return invalidOption(`http_version ${pyFloat(version)}`, 'health monitors HTTP 1.1 domain name health check');
}

function checkDomain(domain: string | null | undefined, httpVersion: number | null | undefined): void {
  if (domain && !httpVersion) {
    throw validationFailure("'http_version' must be specified when 'domain_name' is provided.");
  }
  if (domain && httpVersion && httpVersion < 1.1) throw domainCheckFault(httpVersion);
}

export function prepareHealthMonitor(services: ApiServices, input: HealthMonitorSingleCreate, pool: Pool): NewHealthMonitor {
  // explicit nulls pass conversion; Octavia then rejects them by the API name (max_retries, not rise_threshold)
  for (const field of ['type', 'delay', 'timeout', 'max_retries'] as const) {
    if (input[field] === null) throw invalidOption('None', field);
  }
  const type = input.type as string;
  validateTypeForPool(services, type, input.delay as number, pool);
  const http = HTTP_TYPES.includes(type);
  if (!http) {
    for (const field of ['http_method', 'url_path', 'expected_codes'] as const) {
      if (input[field]) throw invalidOption(field, `health monitors of type ${type}`);
    }
  }
  checkDomain(input.domain_name, input.http_version);
  return {
    id: newId(),
    project_id: pool.project_id,
    pool_id: pool.id,
    type,
    delay: input.delay as number,
    timeout: input.timeout as number,
    fall_threshold: orDefault(input.max_retries_down, 3),
    rise_threshold: input.max_retries as number,
    http_method: http ? input.http_method || 'GET' : null,
    url_path: http ? input.url_path || '/' : null,
    expected_codes: http ? input.expected_codes || '200' : null,
    enabled: adminState(input.admin_state_up),
    name: input.name ?? null,
    http_version: input.http_version ?? null,
    domain_name: input.domain_name ?? null,
    tags: input.tags ?? [],
  };
}

export function prepareHealthMonitorUpdate(
  services: ApiServices,
  input: HealthMonitorPut,
  current: HealthMonitor,
  pool: Pool,
): Partial<NewHealthMonitor> {
  const given = (k: keyof HealthMonitorPut) => Object.hasOwn(input, k);
  if (!HTTP_TYPES.includes(current.type)) {
    for (const field of ['http_method', 'url_path', 'expected_codes'] as const) {
      if (given(field)) throw invalidOption(field, `health monitors of type ${current.type}`);
    }
  }
  for (const field of ['delay', 'max_retries', 'timeout'] as const) {
    if (given(field) && input[field] === null) throw invalidOption('None', field);
  }
  if (input.domain_name && !(current.http_version || input.http_version)) {
    throw validationFailure("'http_version' must be specified when 'domain_name' is provided.");
  }
  const version = input.http_version || current.http_version;
  if (version && (current.domain_name || input.domain_name) && version < 1.1) throw domainCheckFault(version);
  if (LVS_PROTOCOLS.includes(pool.protocol)) {
    validateTypeForPool(services, current.type, input.delay ?? current.delay, pool);
  }
  const changes: Partial<NewHealthMonitor> = {};
  if (given('name')) changes.name = input.name ?? null;
  if (given('delay')) changes.delay = input.delay as number;
  if (given('timeout')) changes.timeout = input.timeout as number;
  if (given('max_retries')) changes.rise_threshold = input.max_retries as number;
  if (given('max_retries_down')) changes.fall_threshold = orDefault(input.max_retries_down, 3);
  if (given('http_method')) changes.http_method = input.http_method ?? 'GET';
  if (given('url_path')) changes.url_path = input.url_path ?? '/';
  if (given('expected_codes')) changes.expected_codes = input.expected_codes ?? '200';
  if (given('admin_state_up')) changes.enabled = Boolean(input.admin_state_up);
  if (given('tags')) changes.tags = input.tags ?? [];
  if (given('http_version')) changes.http_version = input.http_version ?? null;
  if (given('domain_name')) changes.domain_name = input.domain_name ?? null;
  return changes;
}

// Request-body helpers: unwrap Octavia's wrapper key, convert against a schema, and read PUT semantics.
import type { TSchema } from '@sinclair/typebox';
import { convert, unwrap } from '../../validation/validate.js';

/**
 * Unwraps and converts a request body. `arg` is Octavia's internal argument name (load_balancer, listener_, ...)
 * that appears in its "Unknown attribute for argument" messages.
 */
export function parseBody<T>(body: unknown, wrapper: string, schema: TSchema, arg: string): T {
  const inner = unwrap(body, wrapper);
  return convert(inner, schema, { arg, body }, `${arg}.${wrapper}`) as T;
}

/** True when a PUT body mentions the field at all (null included: null means "reset"). */
export const has = (obj: object, key: string): boolean => Object.hasOwn(obj, key);

/** A POST value: absent and null both mean "use the default". */
export function orDefault<T>(value: T | null | undefined, fallback: T): T {
  return value === undefined || value === null ? fallback : value;
}

/** The project a create belongs to: tenant_id is an alias of project_id. */
export function bodyProject(input: { project_id?: string | null; tenant_id?: string | null }): string | null {
  return input.project_id ?? input.tenant_id ?? null;
}

/** admin_state_up on create: absent means true; JSON null is treated as false (Octavia's to_dict does bool(None)). */
export function adminState(value: boolean | null | undefined): boolean {
  return value === undefined ? true : Boolean(value);
}

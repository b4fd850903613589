// Converts a decoded JSON body against a TypeBox schema the way Octavia's WSME layer does, with its messages:
// unknown attributes, type coercion of booleans and integers, ranges, enums, UUID/IP/CIDR formats, mandatory fields.
import { isIP } from 'node:net';
import type { TSchema } from '@sinclair/typebox';
import { invalidInput, unknownAttribute, ApiFault } from '../../common/faults.js';
import { isUuid } from '../../common/ids.js';
import { normalizeCidr } from '../../common/ip.js';
import { pyRepr } from './py-repr.js';
import { isHttpUrl, isUrlPath } from './urls.js';

type Schema = TSchema & Record<string, unknown>;

export interface ValidateContext {
  /** Octavia's internal argument name, used in "Unknown attribute for argument <arg>" and boolean errors. */
  readonly arg: string;
  /** The whole body, echoed by WSME in boolean conversion errors. */
  readonly body: unknown;
}

const TRUE_STRINGS = ['true', 't', 'yes', 'y', 'on', '1'];
const FALSE_STRINGS = ['false', 'f', 'no', 'n', 'off', '0'];

/** Returns a converted copy of `value`; throws an ApiFault (400) with Octavia's message on the first problem. */
export function convert(value: unknown, schema: TSchema, ctx: ValidateContext, name = ctx.arg): unknown {
  return convertValue(value, schema as Schema, ctx, name);
}

function convertValue(value: unknown, schema: Schema, ctx: ValidateContext, name: string): unknown {
  // null is "explicitly unset": what it means is the handler's call; mandatory fields are checked by the object walker
  if (value === null) return null;
  if (Array.isArray(schema.anyOf)) return convertUnion(value, schema, ctx, name);
  switch (schema.type) {
    case 'object':
      return convertObject(value, schema, ctx, name);
    case 'array':
      return convertArray(value, schema, ctx, name);
    case 'string':
      return convertString(value, schema, name);
    case 'integer':
      return convertInteger(value, schema, name);
    case 'number':
      return convertNumber(value, schema, name);
    case 'boolean':
      return convertBoolean(value, ctx);
    case 'null':
      throw invalidInput(name, value, 'Value should be None');
    default:
      return value;
  }
}

function acceptsNull(schema: Schema): boolean {
  return schema.type === 'null' || (Array.isArray(schema.anyOf) && (schema.anyOf as Schema[]).some(acceptsNull));
}

function convertUnion(value: unknown, schema: Schema, ctx: ValidateContext, name: string): unknown {
  const options = (schema.anyOf as Schema[]).filter((s) => s.type !== 'null');
  const consts = options.filter((s) => 'const' in s);
  if (consts.length === options.length) return checkEnum(value, consts.map((s) => s.const), name);
  let firstError: unknown;
  for (const option of options) {
    try {
      return convertValue(value, option, ctx, name);
    } catch (err) {
      firstError ??= err;
    }
  }
  throw firstError;
}

function convertObject(value: unknown, schema: Schema, ctx: ValidateContext, name: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidInput(name, value, 'Value should be a JSON object');
  }
  const input = value as Record<string, unknown>;
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  const out: Record<string, unknown> = {};
  if (schema.patternProperties || (schema.additionalProperties && typeof schema.additionalProperties === 'object')) {
    // a string-keyed map (insert_headers): every value against the value schema
    const valueSchema = (schema.additionalProperties ??
      Object.values(schema.patternProperties as Record<string, Schema>)[0]) as Schema;
    for (const [key, v] of Object.entries(input)) out[key] = convertValue(v, valueSchema, ctx, name);
    return out;
  }
  const unknown = Object.keys(input).filter((k) => !(k in properties));
  if (unknown.length > 0) throw unknownAttribute(name, unknown);
  for (const [key, propSchema] of Object.entries(properties)) {
    if (!(key in input)) continue;
    out[key] = convertValue(input[key], propSchema, ctx, key);
  }
  for (const key of (schema.required ?? []) as string[]) {
    if (out[key] === undefined || (out[key] === null && !acceptsNull(properties[key] as Schema))) {
      throw invalidInput(key, null, 'Mandatory field missing.');
    }
  }
  return out;
}

function convertArray(value: unknown, schema: Schema, ctx: ValidateContext, name: string): unknown[] {
  if (!Array.isArray(value)) throw invalidInput(name, value, 'Value should be a list');
  return value.map((item) => convertValue(item, schema.items as Schema, ctx, name));
}

function convertString(value: unknown, schema: Schema, name: string): string {
  if (typeof value !== 'string') {
    throw invalidInput(name, value, `Wrong type. Expected '<class 'str'>', got '${pyTypeOf(value)}'`);
  }
  if (Array.isArray(schema.enum)) return checkEnum(value, schema.enum, name) as string;
  if (typeof schema.minLength === 'number' && value.length < schema.minLength) {
    throw invalidInput(name, value, `Value should have a minimum character requirement of ${schema.minLength}`);
  }
  if (typeof schema.maxLength === 'number' && value.length > schema.maxLength) {
    throw invalidInput(name, value, `Value should have a maximum character requirement of ${schema.maxLength}`);
  }
  if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern).test(value)) {
    throw invalidInput(name, value, `Value should match the pattern ${schema.pattern}`);
  }
  switch (schema.format) {
    case 'uuid':
      if (!isUuid(value)) throw invalidInput(name, value, 'Value should be UUID format');
      return value.toLowerCase();
    case 'ip':
      if (isIP(value) === 0) throw invalidInput(name, value, 'Value should be IPv4 or IPv6 format');
      return value;
    case 'cidr': {
      const cidr = value.includes('/') ? value : `${value}/${isIP(value) === 6 ? 128 : 32}`;
      if (!isCidr(cidr)) throw invalidInput(name, value, 'Value should be IPv4 or IPv6 CIDR format');
      return normalizeCidr(cidr);
    }
    case 'url':
      if (!isHttpUrl(value)) throw invalidInput(name, value, 'Value must be a valid URL string');
      return value;
    case 'url-path':
      if (!isUrlPath(value)) throw invalidInput(name, value, 'Value must be a valid URL Path string');
      return value;
    default:
      return value;
  }
}

function convertInteger(value: unknown, schema: Schema, name: string): number {
  let n: number;
  if (typeof value === 'number' && Number.isInteger(value)) n = value;
  else if (typeof value === 'string' && /^\s*[-+]?\d+\s*$/.test(value)) n = Number.parseInt(value, 10);
  else throw invalidInput(name, value, 'Invalid integer value');
  if (Array.isArray(schema.enum)) return checkEnum(n, schema.enum, name) as number;
  checkRange(n, schema, name, value);
  return n;
}

function convertNumber(value: unknown, schema: Schema, name: string): number {
  let n: number;
  if (typeof value === 'number' && Number.isFinite(value)) n = value;
  else if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) n = Number(value);
  else throw invalidInput(name, value, 'Invalid float value');
  if (Array.isArray(schema.enum)) return checkEnum(n, schema.enum, name) as number;
  checkRange(n, schema, name, value);
  return n;
}

function checkRange(n: number, schema: Schema, name: string, raw: unknown): void {
  if (typeof schema.minimum === 'number' && n < schema.minimum) {
    throw invalidInput(name, raw, `Value should be greater or equal to ${schema.minimum}`);
  }
  if (typeof schema.maximum === 'number' && n > schema.maximum) {
    throw invalidInput(name, raw, `Value should be lower or equal to ${schema.maximum}`);
  }
}

/**
 * WSME's bool_fromjson: any integer is bool(n); strings only in the exact lowercase spellings. A failure is
 * reported against the body argument, echoing the whole body as Python prints it.
 */
function convertBoolean(value: unknown, ctx: ValidateContext): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number' && Number.isInteger(value)) return value !== 0;
  if (typeof value === 'string') {
    if (TRUE_STRINGS.includes(value)) return true;
    if (FALSE_STRINGS.includes(value)) return false;
  }
  throw invalidInput(ctx.arg, pyRepr(ctx.body), `Value not an unambiguous boolean: ${pyStr(value)}`);
}

/** Python's "%s" of a scalar or container. */
function pyStr(value: unknown): string {
  return typeof value === 'string' ? value : pyRepr(value);
}

function checkEnum(value: unknown, allowed: readonly unknown[], name: string): unknown {
  if (allowed.includes(value)) return value;
  throw invalidInput(name, value, `Value should be one of: ${allowed.join(', ')}`);
}

function pyTypeOf(value: unknown): string {
  if (typeof value === 'number') return Number.isInteger(value) ? "<class 'int'>" : "<class 'float'>";
  if (typeof value === 'boolean') return "<class 'bool'>";
  if (Array.isArray(value)) return "<class 'list'>";
  return "<class 'dict'>";
}

export function isCidr(value: string): boolean {
  const slash = value.indexOf('/');
  if (slash <= 0) return false;
  const addr = value.slice(0, slash);
  const bits = value.slice(slash + 1);
  const family = isIP(addr);
  if (family === 0 || !/^\d{1,3}$/.test(bits)) return false;
  return Number(bits) <= (family === 4 ? 32 : 128);
}

/** Takes `{wrapper: {...}}` apart; a missing or non-object wrapper is a 400 (Octavia 11 answers 500 there). */
export function unwrap(body: unknown, wrapper: string): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body) || !(wrapper in body)) {
    throw new ApiFault(400, `Invalid input for field/attribute ${wrapper}. Value: 'None'. Mandatory field missing.`);
  }
  const inner = (body as Record<string, unknown>)[wrapper];
  const extra = Object.keys(body).filter((k) => k !== wrapper);
  if (extra.length > 0) throw unknownAttribute(wrapper, extra);
  if (typeof inner !== 'object' || inner === null || Array.isArray(inner)) {
    throw new ApiFault(400, `Invalid input for field/attribute ${wrapper}. Value: '${JSON.stringify(inner)}'. `
      + 'Value should be a JSON object');
  }
  return inner;
}

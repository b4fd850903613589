// Converts a decoded JSON body against a TypeBox schema the way Octavia's WSME layer does, with its messages:
// unknown attributes, type coercion of booleans and integers, ranges, enums, UUID/IP/CIDR formats, mandatory fields.
import { isIP } from 'node:net';
import type { TSchema } from '@sinclair/typebox';
import { invalidInput, unknownAttribute, ApiFault } from '../../common/faults.js';
import { isUuid } from '../../common/ids.js';
import { normalizeCidr } from '../../common/ip.js';
import { pyRepr } from '../../common/py-repr.js';
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
      return convertInteger(value, schema, ctx, name);
    case 'number':
      return convertNumber(value, schema, ctx, name);
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
  if (consts.length === options.length)
    return checkEnum(
      value,
      consts.map((s) => s.const),
      name,
    );
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
  // body keys are the client's: "constructor", "toString" or "__proto__" are attributes like any other (own
  // properties only, never the prototype's), so they are unknown attributes, not silently dropped or inherited
  const input = value as Record<string, unknown>;
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  if (schema.patternProperties || (schema.additionalProperties && typeof schema.additionalProperties === 'object')) {
    // a string-keyed map (insert_headers): every value against the value schema; fromEntries defines each key as
    // an own property, so a "__proto__" key stays a key the caller's checks see instead of setting the prototype
    const valueSchema = (schema.additionalProperties ?? Object.values(schema.patternProperties as Record<string, Schema>)[0]) as Schema;
    return Object.fromEntries(Object.entries(input).map(([key, v]) => [key, convertValue(v, valueSchema, ctx, name)]));
  }
  const out: Record<string, unknown> = {};
  const unknown = Object.keys(input).filter((k) => !Object.hasOwn(properties, k));
  if (unknown.length > 0) throw unknownAttribute(name, unknown);
  for (const [key, propSchema] of Object.entries(properties)) {
    if (!Object.hasOwn(input, key)) continue;
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
  const out = checkString(value, schema, name);
  // PostgreSQL stores no NUL in text (the write would fail with a 500), so no database gets one
  if (out.includes('\0')) throw invalidInput(name, out, 'Value should not contain a NUL character');
  return out;
}

function checkString(value: unknown, schema: Schema, name: string): string {
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

/**
 * WSME converts an integer field with Python's int(): a JSON number is truncated toward zero, a boolean is 0/1, a string
 * must be a decimal literal. A value int() refuses is reported against the body argument with Python's message, as
 * WSME's parse() does; a range error names the field and shows the converted value.
 */
function convertInteger(value: unknown, schema: Schema, ctx: ValidateContext, name: string): number {
  const n = pyInt(value, ctx);
  if (Array.isArray(schema.enum)) return checkEnum(Number(n), schema.enum, name) as number;
  if (typeof schema.minimum === 'number' && n < BigInt(schema.minimum)) {
    throw invalidInput(name, n.toString(), `Value should be greater or equal to ${schema.minimum}`);
  }
  if (typeof schema.maximum === 'number' && n > BigInt(schema.maximum)) {
    throw invalidInput(name, n.toString(), `Value should be lower or equal to ${schema.maximum}`);
  }
  return Number(n);
}

/** Python's int(value) of a decoded JSON value, exact at any size; its refusals as WSME reports them. */
function pyInt(value: unknown, ctx: ValidateContext): bigint {
  if (typeof value === 'boolean') return value ? 1n : 0n;
  if (typeof value === 'number') {
    // JSON.parse turns 1e400 into Infinity where Python's json gives float('inf')
    if (!Number.isFinite(value)) throw bodyFault(ctx, 'cannot convert float infinity to integer');
    return BigInt(Math.trunc(value));
  }
  if (typeof value === 'string') {
    const literal = /^\s*([-+]?)(\d+(?:_\d+)*)\s*$/.exec(value);
    if (!literal) throw bodyFault(ctx, `invalid literal for int() with base 10: ${pyRepr(value)}`);
    const digits = BigInt((literal[2] as string).replaceAll('_', ''));
    return literal[1] === '-' ? -digits : digits;
  }
  throw bodyFault(ctx, `int() argument must be a string, a bytes-like object or a real number, not '${pyTypeName(value)}'`);
}

const FLOAT_LITERAL = /^\s*[-+]?(?:\d+(?:_\d+)*(?:\.(?:\d+(?:_\d+)*)?)?|\.\d+(?:_\d+)*)(?:[eE][-+]?\d+(?:_\d+)*)?\s*$/;

/** WSME's float field: Python's float(value); Enum(float) lists its values as Python prints floats. */
function convertNumber(value: unknown, schema: Schema, ctx: ValidateContext, name: string): number {
  let n: number;
  if (typeof value === 'boolean') n = value ? 1 : 0;
  else if (typeof value === 'number') n = value;
  else if (typeof value === 'string') {
    if (!FLOAT_LITERAL.test(value)) throw bodyFault(ctx, `could not convert string to float: ${pyRepr(value)}`);
    n = Number(value.replaceAll('_', '').trim());
  } else throw bodyFault(ctx, `float() argument must be a string or a real number, not '${pyTypeName(value)}'`);
  if (Array.isArray(schema.enum)) {
    if (schema.enum.includes(n)) return n;
    throw invalidInput(name, pyFloat(n), `Value should be one of: ${(schema.enum as number[]).map(pyFloat).join(', ')}`);
  }
  if (typeof schema.minimum === 'number' && n < schema.minimum) {
    throw invalidInput(name, pyFloat(n), `Value should be greater or equal to ${schema.minimum}`);
  }
  if (typeof schema.maximum === 'number' && n > schema.maximum) {
    throw invalidInput(name, pyFloat(n), `Value should be lower or equal to ${schema.maximum}`);
  }
  return n;
}

/** A conversion error raised inside WSME's fromjson: parse() reports it against the argument, echoing the body. */
function bodyFault(ctx: ValidateContext, reason: string): ApiFault {
  return invalidInput(ctx.arg, pyRepr(ctx.body), reason);
}

/** str() of a Python float. */
function pyFloat(n: number): string {
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf';
  return Number.isInteger(n) && Math.abs(n) < 1e16 ? `${n}.0` : String(n);
}

/** The Python type name of a JSON container (scalars never reach it). */
function pyTypeName(value: unknown): string {
  return Array.isArray(value) ? 'list' : 'dict';
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
  throw bodyFault(ctx, `Value not an unambiguous boolean: ${pyStr(value)}`);
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
  if (typeof body !== 'object' || body === null || Array.isArray(body) || !Object.hasOwn(body, wrapper)) {
    throw new ApiFault(400, `Invalid input for field/attribute ${wrapper}. Value: 'None'. Mandatory field missing.`);
  }
  const inner = (body as Record<string, unknown>)[wrapper];
  const extra = Object.keys(body).filter((k) => k !== wrapper);
  if (extra.length > 0) throw unknownAttribute(wrapper, extra);
  if (typeof inner !== 'object' || inner === null || Array.isArray(inner)) {
    throw new ApiFault(
      400,
      `Invalid input for field/attribute ${wrapper}. Value: '${JSON.stringify(inner)}'. Value should be a JSON object`,
    );
  }
  return inner;
}

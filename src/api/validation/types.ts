// Field types of the request bodies, written once as TypeBox schemas: they give the TypeScript types and drive
// validate.ts (which reproduces Octavia's WSME conversion rules and messages). Answers have their own schemas
// (v2/<resource>/response.ts). There is no OpenAPI document yet; these schemas are what one would be built from.
import { type TSchema, Type } from '@sinclair/typebox';

/** A string of at most `max` characters. */
export const str = (max = 255, min?: number) => Type.String(min === undefined ? { maxLength: max } : { maxLength: max, minLength: min });

export const uuid = () => Type.String({ format: 'uuid' });
export const ip = () => Type.String({ format: 'ip' });
export const cidr = () => Type.String({ format: 'cidr' });
export const url = () => Type.String({ format: 'url', maxLength: 255 });
export const urlPath = () => Type.String({ format: 'url-path', maxLength: 2048 });
export const pattern = (re: string, max = 255) => Type.String({ pattern: re, maxLength: max });

/** Octavia's lenient boolean: JSON bools, ints, and strings like "yes"/"off". */
export const bool = () => Type.Boolean();

/** The range of the INTEGER columns every integer field is stored in (32-bit on PostgreSQL and MariaDB). */
export const INT_COLUMN_MIN = -2147483648;
export const INT_COLUMN_MAX = 2147483647;

/**
 * Integers arrive as JSON numbers, booleans or numeric strings. Octavia's own range where it has one; otherwise the
 * column's, so a value no database can store is a 400 naming the field (Octavia lets the database refuse it: a 500).
 */
export const int = (min = INT_COLUMN_MIN, max = INT_COLUMN_MAX) => Type.Integer({ minimum: min, maximum: max });

export const num = (allowed: readonly number[]) => Type.Number({ enum: [...allowed] });

export const oneOf = <T extends string>(values: readonly T[]) => Type.Unsafe<T>({ type: 'string', enum: [...values] });

export const intOneOf = (values: readonly number[]) => Type.Unsafe<number>({ type: 'integer', enum: [...values] });

export const list = <T extends TSchema>(item: T) => Type.Array(item);

export const strMap = (maxValue = 255) => Type.Record(Type.String(), Type.String({ maxLength: maxValue }));

/** Marks a field as accepting JSON null (the handler decides what null means: unset, default or error). */
export const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const tags = () => Type.Array(Type.String({ maxLength: 255 }));

export { Type };
export type { Static, TObject, TSchema } from '@sinclair/typebox';

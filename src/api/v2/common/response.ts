// Building blocks of the response schemas. Fastify serializes every answer through its route's schema
// (fast-json-stringify): declared properties only, in the declared order, each coerced to its declared type. So a
// schema lists exactly what the view renders, in Octavia's key order, and nullable fields say so; the views are typed
// by Static<> of the same schemas, so the two cannot drift.
import { type TObject, type TSchema, Type } from '@sinclair/typebox';

export const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const Str = () => Type.String();
export const NullableStr = () => nullable(Type.String());
export const Int = () => Type.Integer();
export const NullableInt = () => nullable(Type.Integer());
export const Bool = () => Type.Boolean();
export const Strings = () => Type.Array(Type.String());
export const NullableStrings = () => nullable(Type.Array(Type.String()));
/** renderTimestamp: null for a row never updated */
export const Timestamp = () => nullable(Type.String());

export const IdRefs = () => Type.Array(Type.Object({ id: Type.String() }));

/** project_id with its tenant_id twin (render.ts owner()) */
export const ownerProps = { project_id: NullableStr(), tenant_id: NullableStr() };

/** Octavia's pagination link (list/links.ts), rel first as it is built. */
export const LinkSchema = Type.Object({ rel: Type.String(), href: Type.String() });

/** Create and update answers: the whole object under its key. */
export const objectResponse = <T extends TObject>(key: string, item: T) => Type.Object({ [key]: item });

/** Show answers: `fields=` may leave out any attribute. */
export const showResponse = <T extends TObject>(key: string, item: T) => Type.Object({ [key]: Type.Partial(item) });

/** List answers (common/list.ts listCollection): the page, trimmed by `fields=`, and its links. */
export const listResponse = <T extends TObject>(key: string, linksKey: string, item: T) =>
  Type.Object({ [key]: Type.Array(Type.Partial(item)), [linksKey]: Type.Array(LinkSchema) });

/**
 * Route options that make Fastify serialize the answer of this status through the schema. fast-json-stringify writes
 * an object's required properties before its optional ones, so where an object mixes both (a pool's healthmonitor_id,
 * a monitor's pools) the serialized copy declares none required: every property then comes in the declared order.
 */
export const responds = (status: 200 | 201 | 202, schema: TSchema) => ({ schema: { response: { [status]: inDeclaredOrder(schema) } } });

function inDeclaredOrder(schema: TSchema): TSchema {
  const copy = structuredClone(schema) as TSchema;
  const visit = (node: unknown): void => {
    if (typeof node !== 'object' || node === null) return;
    const o = node as { properties?: Record<string, unknown>; required?: string[] };
    if (o.properties && o.required && o.required.length < Object.keys(o.properties).length) delete o.required;
    for (const v of Object.values(node)) visit(v);
  };
  visit(copy);
  return copy;
}

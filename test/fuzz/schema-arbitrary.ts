// Request bodies from the API's own TypeBox schemas (the ones validate.ts enforces): mostly values the schema
// allows, so the request reaches the handlers and the database, mixed with values past every bound, of the wrong
// type, missing mandatory fields, unknown and prototype keys. Ids are Refs to objects the suite has seen.
import fc from 'fast-check';
import type { TSchema } from '@sinclair/typebox';
import { anyJson, Big, type Kind, nastyNumber, nastyString, PROTO_KEYS, ref } from './values.js';

/** Which kind of object a uuid-format field names, by field name. */
const ID_KINDS: Readonly<Record<string, Kind>> = {
  loadbalancer_id: 'load_balancer',
  listener_id: 'listener',
  pool_id: 'pool',
  default_pool_id: 'pool',
  redirect_pool_id: 'pool',
  flavor_id: 'flavor',
  flavor_profile_id: 'flavor_profile',
  availability_zone_profile_id: 'availability_zone_profile',
  vip_subnet_id: 'subnet',
  subnet_id: 'subnet',
  vip_network_id: 'network',
  vip_port_id: 'port',
  l7policy_id: 'l7policy',
};

/** Fields whose strings name something: a known object's name/ref, or an adversarial string. */
const NAMED: Readonly<Record<string, Kind>> = { availability_zone: 'availability_zone', project_id: 'project', tenant_id: 'project' };

const GOOD_ADDRESSES = ['127.0.0.1', '127.0.0.2', '127.1.2.3', '::1', '198.18.0.10', '127.80.0.1'];
const GOOD_PATHS = ['/', '/healthz', '/a/b?c=d', '/x'];
const GOOD_URLS = ['http://127.0.0.1/', 'https://example.invalid/x', 'http://[::1]:8080/p'];

interface Schema {
  type?: string;
  anyOf?: Schema[];
  enum?: unknown[];
  format?: string;
  pattern?: string;
  maxLength?: number;
  minLength?: number;
  minimum?: number;
  maximum?: number;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  patternProperties?: Record<string, Schema>;
}

/** Strings a pattern allows; fast-check cannot build every regex (lookaheads), then plain short strings. */
function patternArb(pattern: string, max: number): fc.Arbitrary<string> {
  try {
    return fc.stringMatching(new RegExp(pattern)).filter((v) => v.length <= max);
  } catch {
    return fc.string({ maxLength: Math.min(max, 24) });
  }
}

function stringArb(s: Schema, field: string, strict: boolean): fc.Arbitrary<unknown> {
  const max = s.maxLength ?? 255;
  const good = (() => {
    if (s.enum) return fc.constantFrom(...s.enum);
    const kind = ID_KINDS[field];
    if (s.format === 'uuid') return kind ? ref(kind) : fc.uuid();
    if (NAMED[field]) return fc.oneof(ref(NAMED[field]), fc.string({ maxLength: 12 }));
    if (s.format === 'ip') return fc.constantFrom(...GOOD_ADDRESSES);
    if (s.format === 'cidr') return fc.constantFrom('127.0.0.0/8', '::1/128', '198.18.0.0/15', '0.0.0.0/0');
    if (s.format === 'url') return fc.constantFrom(...GOOD_URLS);
    if (s.format === 'url-path') return fc.constantFrom(...GOOD_PATHS);
    if (s.pattern) return patternArb(s.pattern, max);
    return fc.string({ maxLength: Math.min(max, 24) });
  })();
  if (strict) return good;
  return fc.oneof(
    { weight: 8, arbitrary: good },
    { weight: 2, arbitrary: nastyString },
    // just past the limit, and far past it
    { weight: 1, arbitrary: fc.constantFrom(new Big(max + 1), new Big(Math.max(max * 40, 10_000))) },
  );
}

function integerArb(s: Schema, strict: boolean): fc.Arbitrary<unknown> {
  const min = s.minimum ?? -(2 ** 31);
  const max = s.maximum ?? 2 ** 31 - 1;
  const good = s.enum ? fc.constantFrom(...s.enum) : fc.integer({ min: Math.max(min, -(2 ** 31)), max: Math.min(max, 2 ** 31 - 1) });
  if (strict) return good;
  return fc.oneof(
    { weight: 8, arbitrary: good },
    { weight: 1, arbitrary: fc.constantFrom(min - 1, max + 1, min, max, String(max), `${max}0`, true, '1.5', ' 7 ') },
    { weight: 1, arbitrary: nastyNumber },
  );
}

function objectArb(s: Schema, depth: number, strict: boolean): fc.Arbitrary<unknown> {
  const props = Object.entries(s.properties ?? {});
  const required = new Set(s.required ?? []);
  // how often a field is present, in 20ths: mandatory ones nearly always (always when strict), optional ones
  // often, but rarely when strict (each optional field is one more chance to name something that does not exist)
  const entries = props.map(([k, v]) => {
    const present = required.has(k) ? (strict ? 20 : 18) : strict ? 4 : 10;
    const entry = fc.tuple(fc.constant(k), schemaArbitrary(v, k, depth + 1, strict));
    return present === 20 ? entry : fc.oneof({ weight: present, arbitrary: entry }, { weight: 20 - present, arbitrary: fc.constant(null) });
  });
  const extra = fc.array(fc.tuple(fc.oneof(fc.constantFrom(...PROTO_KEYS), fc.string({ maxLength: 10 })), anyJson), { maxLength: 2 });
  return fc
    .tuple(
      fc.tuple(...entries),
      strict ? fc.constant([]) : fc.oneof({ weight: 15, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: extra }),
    )
    .map(([fields, more]) => {
      const out: Record<string, unknown> = {};
      // own properties even for "__proto__" (plain assignment would set the prototype and never be sent)
      for (const e of [...fields, ...more])
        if (e) Object.defineProperty(out, e[0], { value: e[1], enumerable: true, writable: true, configurable: true });
      return out;
    });
}

/**
 * An arbitrary for one schema node; `field` is the property it sits under (it decides what ids mean). `strict`: only
 * values the schema allows and every mandatory field (creates that succeed, so the database fills up and the
 * consistency check has something to check); otherwise any value may be wrong.
 */
export function schemaArbitrary(schema: TSchema | Schema, field = '', depth = 0, strict = false): fc.Arbitrary<unknown> {
  const s = schema as Schema;
  const wrongType = { weight: strict ? 0 : 1, arbitrary: anyJson };
  if (s.anyOf) {
    const options = s.anyOf.filter((o) => !strict || o.type !== 'null').map((o) => schemaArbitrary(o, field, depth, strict));
    return fc.oneof(...options);
  }
  switch (s.type) {
    case 'null':
      return fc.constant(null);
    case 'string':
      return fc.oneof({ weight: 12, arbitrary: stringArb(s, field, strict) }, wrongType);
    case 'integer':
    case 'number':
      return fc.oneof({ weight: 12, arbitrary: integerArb(s, strict) }, wrongType);
    case 'boolean':
      return strict
        ? fc.boolean()
        : fc.oneof(
            { weight: 12, arbitrary: fc.boolean() },
            { weight: 1, arbitrary: fc.constantFrom('yes', 'off', 1, 0, '1', 'True', 2) },
            wrongType,
          );
    case 'array': {
      // nested graphs: short lists deeper down, so one case stays a few KB
      const maxLength = depth > 2 ? 1 : 3;
      const items = s.items ? schemaArbitrary(s.items, field, depth + 1, strict) : anyJson;
      return fc.oneof({ weight: 12, arbitrary: fc.array(items, { maxLength }) }, wrongType);
    }
    case 'object':
      if (s.patternProperties) {
        const value = Object.values(s.patternProperties)[0] ?? {};
        return fc.oneof(
          {
            weight: 12,
            arbitrary: fc.dictionary(fc.string({ maxLength: 10 }), schemaArbitrary(value, field, depth + 1, strict), { maxKeys: 3 }),
          },
          wrongType,
        );
      }
      return fc.oneof({ weight: 12, arbitrary: objectArb(s, depth, strict) }, wrongType);
    default:
      return anyJson;
  }
}

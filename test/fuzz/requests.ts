// One fuzz case: a few requests sent at once (concurrent writes), each from a persona, to any route of the v2 API,
// the amphora admin API and the Neutron subset: bodies from the API's schemas, adversarial query strings, path ids
// of real objects (own or another project's), random ids, malformed ids, raw bodies that are not JSON, 10 MB bodies
// and other Content-Types.
import fc from 'fast-check';
import { Type, type TSchema } from '@sinclair/typebox';
import { HealthMonitorPostSchema, HealthMonitorPutSchema } from '../../src/api/v2/healthmonitors/schema.js';
import { L7PolicyPostSchema, L7PolicyPutSchema } from '../../src/api/v2/l7policies/schema.js';
import { L7RulePostSchema, L7RulePutSchema } from '../../src/api/v2/l7rules/schema.js';
import { ListenerPostSchema, ListenerPutSchema } from '../../src/api/v2/listeners/schema.js';
import { LoadBalancerPostSchema, LoadBalancerPutSchema } from '../../src/api/v2/loadbalancers/schema.js';
import { MemberPostSchema, MemberPutSchema, MembersBatchSchema } from '../../src/api/v2/members/schema.js';
import { PoolPostSchema, PoolPutSchema } from '../../src/api/v2/pools/schema.js';
import { QuotaPutSchema } from '../../src/api/v2/quotas/schema.js';
import { schemaArbitrary } from './schema-arbitrary.js';
import { anyJson, type Kind, nastyString, PROTO_KEYS, ref, Ref } from './values.js';

const s255 = Type.Optional(Type.Union([Type.String({ maxLength: 255 }), Type.Null()]));
const FlavorPost = Type.Object(
  {
    name: Type.String({ maxLength: 255 }),
    description: s255,
    enabled: Type.Optional(Type.Boolean()),
    flavor_profile_id: Type.String({ format: 'uuid' }),
  },
  { required: ['name', 'flavor_profile_id'] },
);
const FlavorPut = Type.Object({ name: s255, description: s255, enabled: Type.Optional(Type.Boolean()) });
const profile = (dataField: string) =>
  Type.Object(
    {
      name: Type.String({ maxLength: 255 }),
      provider_name: Type.Unsafe({ type: 'string', enum: ['amphora', 'noop_driver', 'octavia', 'nope'] }),
      [dataField]: Type.Unsafe({
        type: 'string',
        enum: ['{}', '{"loadbalancer_topology": "SINGLE"}', '{"compute_zone": "z"}', '[]', '{', 'null', '{"a":{"b":[1,2]}}'],
      }),
    },
    { required: ['name', 'provider_name', dataField] },
  );
const ZonePost = Type.Object(
  {
    name: Type.String({ maxLength: 255 }),
    description: s255,
    enabled: Type.Optional(Type.Boolean()),
    availability_zone_profile_id: Type.String({ format: 'uuid' }),
  },
  { required: ['name', 'availability_zone_profile_id'] },
);
const ZonePut = Type.Object({ description: s255, enabled: Type.Optional(Type.Boolean()) });

/** A path segment: a real object's id (usually of the right kind), or something else. */
export type Segment = string | Ref;

interface Resource {
  /** collection path, with Refs for parent ids */
  readonly collection: fc.Arbitrary<Segment[]>;
  readonly kind: Kind;
  readonly wrap: string;
  readonly post?: TSchema;
  readonly put?: TSchema;
  /** extra item actions (GET, or PUT with no body) */
  readonly actions?: readonly string[];
  /** list filters Octavia accepts here */
  readonly filters: readonly string[];
}

const at = (...parts: Segment[]) => fc.constant(parts);
const COMMON_FILTERS = [
  'id',
  'name',
  'description',
  'project_id',
  'provisioning_status',
  'operating_status',
  'admin_state_up',
  'tags',
  'tags-any',
  'not-tags',
  'not-tags-any',
  'created_at',
  'updated_at',
];

const RESOURCES: readonly Resource[] = [
  {
    collection: at('v2', 'lbaas', 'loadbalancers'),
    kind: 'load_balancer',
    wrap: 'loadbalancer',
    post: LoadBalancerPostSchema,
    put: LoadBalancerPutSchema,
    actions: ['status', 'stats', 'failover'],
    filters: [
      ...COMMON_FILTERS,
      'vip_address',
      'vip_port_id',
      'vip_subnet_id',
      'vip_network_id',
      'provider',
      'flavor_id',
      'availability_zone',
    ],
  },
  {
    collection: at('v2', 'lbaas', 'listeners'),
    kind: 'listener',
    wrap: 'listener',
    post: ListenerPostSchema,
    put: ListenerPutSchema,
    actions: ['stats'],
    filters: [
      ...COMMON_FILTERS,
      'protocol',
      'protocol_port',
      'connection_limit',
      'loadbalancer_id',
      'default_pool_id',
      'timeout_client_data',
    ],
  },
  {
    collection: at('v2', 'lbaas', 'pools'),
    kind: 'pool',
    wrap: 'pool',
    post: PoolPostSchema,
    put: PoolPutSchema,
    filters: [...COMMON_FILTERS, 'protocol', 'lb_algorithm', 'loadbalancer_id', 'listener_id', 'healthmonitor_id', 'tls_enabled'],
  },
  {
    collection: ref('pool').map((p) => ['v2', 'lbaas', 'pools', p, 'members']),
    kind: 'member',
    wrap: 'member',
    post: MemberPostSchema,
    put: MemberPutSchema,
    filters: [...COMMON_FILTERS, 'address', 'protocol_port', 'weight', 'backup', 'subnet_id', 'monitor_port'],
  },
  {
    collection: at('v2', 'lbaas', 'healthmonitors'),
    kind: 'health_monitor',
    wrap: 'healthmonitor',
    post: HealthMonitorPostSchema,
    put: HealthMonitorPutSchema,
    filters: [...COMMON_FILTERS, 'type', 'delay', 'timeout', 'max_retries', 'pool_id', 'http_method', 'url_path', 'expected_codes'],
  },
  {
    collection: at('v2', 'lbaas', 'l7policies'),
    kind: 'l7policy',
    wrap: 'l7policy',
    post: L7PolicyPostSchema,
    put: L7PolicyPutSchema,
    filters: [...COMMON_FILTERS, 'action', 'listener_id', 'position', 'redirect_pool_id', 'redirect_url'],
  },
  {
    collection: ref('l7policy').map((p) => ['v2', 'lbaas', 'l7policies', p, 'rules']),
    kind: 'l7rule',
    wrap: 'rule',
    post: L7RulePostSchema,
    put: L7RulePutSchema,
    filters: [...COMMON_FILTERS, 'type', 'compare_type', 'key', 'value', 'invert'],
  },
  {
    collection: at('v2', 'lbaas', 'flavors'),
    kind: 'flavor',
    wrap: 'flavor',
    post: FlavorPost,
    put: FlavorPut,
    filters: ['id', 'name', 'description', 'enabled', 'flavor_profile_id'],
  },
  {
    collection: at('v2', 'lbaas', 'flavorprofiles'),
    kind: 'flavor_profile',
    wrap: 'flavorprofile',
    post: profile('flavor_data'),
    put: profile('flavor_data'),
    filters: ['id', 'name', 'provider_name'],
  },
  {
    collection: at('v2', 'lbaas', 'availabilityzones'),
    kind: 'availability_zone',
    wrap: 'availability_zone',
    post: ZonePost,
    put: ZonePut,
    filters: ['name', 'description', 'enabled', 'availability_zone_profile_id'],
  },
  {
    collection: at('v2', 'lbaas', 'availabilityzoneprofiles'),
    kind: 'availability_zone_profile',
    wrap: 'availability_zone_profile',
    post: profile('availability_zone_data'),
    put: profile('availability_zone_data'),
    filters: ['id', 'name', 'provider_name'],
  },
  {
    collection: at('v2', 'lbaas', 'quotas'),
    kind: 'project',
    wrap: 'quota',
    put: QuotaPutSchema,
    actions: ['default'],
    filters: ['project_id'],
  },
  {
    collection: at('v2', 'octavia', 'amphorae'),
    kind: 'amphora',
    wrap: 'amphora',
    actions: ['failover', 'config', 'stats'],
    filters: ['id', 'loadbalancer_id', 'compute_id', 'status', 'role', 'lb_network_ip', 'vrrp_ip', 'ha_ip', 'cert_expiration'],
  },
  { collection: at('v2.0', 'networks'), kind: 'network', wrap: 'network', filters: ['id', 'name', 'project_id', 'tenant_id', 'shared'] },
  { collection: at('v2.0', 'subnets'), kind: 'subnet', wrap: 'subnet', filters: ['id', 'name', 'network_id', 'project_id', 'cidr'] },
  {
    collection: at('v2.0', 'ports'),
    kind: 'port',
    wrap: 'port',
    filters: ['id', 'name', 'network_id', 'project_id', 'device_id', 'device_owner', 'fixed_ips'],
  },
];

export interface FuzzRequest {
  readonly persona: number;
  readonly method: string;
  readonly path: readonly Segment[];
  readonly query: readonly (readonly [string, string])[];
  readonly contentType: string | null;
  /** a JSON value (with Refs/Bigs), or raw text sent as is */
  readonly body: { json: unknown } | { raw: string } | { bytes: number } | null;
}

const personaArb = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(0, 1, 2) }, { weight: 1, arbitrary: fc.integer({ min: 3, max: 7 }) });

const badId: fc.Arbitrary<Segment> = fc.oneof(
  fc.uuid(),
  nastyString,
  fc.constantFrom('%00', '%zz', '..', '%2e%2e', 'a%2Fb', '%C0%AF', '%ff%fe', '', ' ', '*', 'x'.repeat(5000)),
  // just past the 36 characters an id column holds
  fc.integer({ min: 37, max: 300 }).map((n) => 'p'.repeat(n)),
);

function idSegment(kind: Kind): fc.Arbitrary<Segment> {
  return fc.oneof({ weight: 8, arbitrary: ref(kind) }, { weight: 1, arbitrary: ref('pool') }, { weight: 2, arbitrary: badId });
}

function queryArb(filters: readonly string[]): fc.Arbitrary<(readonly [string, string])[]> {
  const key = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...filters) },
    { weight: 3, arbitrary: fc.constantFrom('limit', 'marker', 'page_reverse', 'sort', 'sort_key', 'sort_dir', 'fields', 'cascade') },
    { weight: 1, arbitrary: fc.constantFrom(...PROTO_KEYS) },
    { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  );
  const value = fc.oneof(
    {
      weight: 3,
      arbitrary: fc.constantFrom(
        '1',
        '0',
        'true',
        'false',
        '-1',
        '1000',
        '9007199254740993',
        '1e3',
        'asc',
        'desc',
        'name',
        'name:desc',
        'created_at:asc,id:desc',
        'id',
        'ACTIVE',
        'ERROR',
        'HTTP',
        'fuzz-a',
        'fuzz-b',
        'constructor',
        '__proto__',
        'name:sideways',
        ',',
        ':',
      ),
    },
    { weight: 2, arbitrary: fc.constantFrom(...filters).chain((f) => fc.constantFrom(`${f}`, `${f}:desc`, `${f}:asc`)) },
    { weight: 2, arbitrary: ref('load_balancer').map((r) => r as unknown as string) },
    { weight: 2, arbitrary: nastyString },
  );
  return fc.array(fc.tuple(key, value), { maxLength: 4 });
}

const contentTypeArb = fc.oneof(
  { weight: 20, arbitrary: fc.constant('application/json') },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'application/json; charset=utf-8',
      'APPLICATION/JSON',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/xml',
      'application/json-patch+json',
      '',
      ';;;',
    ),
  },
  { weight: 1, arbitrary: fc.constant(null) },
);

const rawBodyArb = fc.oneof(
  fc.constantFrom(
    '',
    '{',
    '{"loadbalancer": }',
    'null',
    '[]',
    '"x"',
    '1',
    'true',
    '{"a":1}{"b":2}',
    '\u0000',
    '{"loadbalancer": {"name": "\\ud800"}}',
    '{"__proto__": {"isAdmin": true}}',
    'a=b&c=d',
  ),
  fc.integer({ min: 1_000, max: 100_000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth)),
  fc.integer({ min: 10, max: 5_000 }).map((n) => `{${Array.from({ length: n }, (_, i) => `"k${i}":${i}`).join(',')}}`),
);

/**
 * What the schemas cannot say but a create needs to succeed: a VIP for a load balancer, a parent for a pool. Valid
 * bodies get one (of the persona's own project) when they have none.
 */
const PARENTS: Readonly<Record<string, readonly [string, Kind]>> = {
  loadbalancer: ['vip_subnet_id', 'subnet'],
  pool: ['loadbalancer_id', 'load_balancer'],
};

function withParent(r: Resource, inner: unknown, pick: number): unknown {
  const parent = PARENTS[r.wrap];
  if (!parent || inner === null || typeof inner !== 'object') return inner;
  const o = inner as Record<string, unknown>;
  if (r.wrap === 'loadbalancer' && (o.vip_port_id || o.vip_network_id)) return o;
  if (r.wrap === 'pool' && o.listener_id) return o;
  return { ...o, [parent[0]]: new Ref(parent[1], pick, true) };
}

function bodyArb(r: Resource, schema: TSchema | undefined): fc.Arbitrary<FuzzRequest['body']> {
  const wrapped = schema ? schemaArbitrary(schema).map((inner) => ({ [r.wrap]: inner })) : anyJson;
  const valid = schema
    ? fc
        .tuple(schemaArbitrary(schema, '', 0, true), fc.double({ min: 0, max: 1, noNaN: true }))
        .map(([inner, pick]) => ({ [r.wrap]: withParent(r, inner, pick) }))
    : anyJson;
  return fc.oneof(
    { weight: 20, arbitrary: valid.map((json) => ({ json })) },
    { weight: 20, arbitrary: wrapped.map((json) => ({ json })) },
    { weight: 2, arbitrary: anyJson.map((json) => ({ json })) },
    { weight: 2, arbitrary: rawBodyArb.map((raw) => ({ raw })) },
    // 10 MB and just past the body limit (bounded: a few per thousand cases)
    { weight: 1, arbitrary: fc.constantFrom(10 * 1024 * 1024, 1024 * 1024 + 1).map((bytes) => ({ bytes })) },
  );
}

type Shape = Omit<FuzzRequest, 'persona' | 'contentType'>;

function resourceRequest(r: Resource): fc.Arbitrary<Shape> {
  const list = fc.record({ method: fc.constant('GET'), path: r.collection, query: queryArb(r.filters), body: fc.constant(null) });
  const show = fc.record({
    method: fc.constant('GET'),
    path: fc.tuple(r.collection, idSegment(r.kind)).map(([c, id]) => [...c, id]),
    query: queryArb(['fields']),
    body: fc.constant(null),
  });
  const del = fc.record({
    method: fc.constant('DELETE'),
    path: fc.tuple(r.collection, idSegment(r.kind)).map(([c, id]) => [...c, id]),
    query: queryArb(['cascade']),
    body: fc.constant(null),
  });
  const options: { weight: number; arbitrary: fc.Arbitrary<Shape> }[] = [
    { weight: 4, arbitrary: list },
    { weight: 3, arbitrary: show },
    { weight: 2, arbitrary: del },
  ];
  if (r.post)
    options.push({
      weight: 8,
      arbitrary: fc.record({
        method: fc.constant('POST'),
        path: r.collection,
        query: fc.constant([]),
        body: bodyArb(r, r.post),
      }) as fc.Arbitrary<Shape>,
    });
  if (r.put)
    options.push({
      weight: 4,
      arbitrary: fc.record({
        method: fc.constant('PUT'),
        path: fc.tuple(r.collection, idSegment(r.kind)).map(([c, id]) => [...c, id]),
        query: fc.constant([]),
        body: bodyArb(r, r.put),
      }),
    });
  if (r.kind === 'member')
    options.push({
      weight: 2,
      arbitrary: fc.record({
        method: fc.constant('PUT'),
        path: r.collection,
        query: fc.constant([]),
        body: fc.oneof(schemaArbitrary(MembersBatchSchema), schemaArbitrary(MembersBatchSchema, '', 0, true)).map((json) => ({ json })),
      }),
    });
  for (const action of r.actions ?? []) {
    const method: string = action === 'failover' || action === 'config' ? 'PUT' : 'GET';
    options.push({
      weight: 1,
      arbitrary: fc.record({
        method: fc.constant(method),
        path: fc.tuple(r.collection, idSegment(r.kind)).map(([c, id]) => [...c, id, action]),
        query: fc.constant([]),
        body: fc.constant(null),
      }),
    });
  }
  return fc.oneof(...options);
}

/** Routes outside the resources: the roots, providers, unknown paths, odd methods. */
const otherRequest: fc.Arbitrary<Omit<FuzzRequest, 'persona' | 'contentType'>> = fc.record({
  method: fc.constantFrom('GET', 'GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'TRACE'),
  path: fc.oneof(
    fc.constantFrom<Segment[]>(
      [],
      ['v2'],
      ['v2', 'lbaas'],
      ['v2', 'lbaas', 'providers'],
      ['v2', 'lbaas', 'providers', 'amphora', 'flavor_capabilities'],
      ['v2', 'lbaas', 'providers', 'noop_driver', 'availability_zone_capabilities'],
      ['v2.0'],
      ['v2', 'lbaas', 'loadbalancers', ''],
    ),
    fc.array(fc.oneof(fc.constantFrom('v2', 'lbaas', 'v2.0', 'octavia', 'providers', '..'), badId), { minLength: 1, maxLength: 5 }),
  ),
  query: queryArb(['fields', 'provider']),
  body: fc.option(bodyArb(RESOURCES[0] as Resource, undefined), { freq: 3 }),
});

/** A create that should succeed: a creator persona, JSON, a valid body with its parent (the world grows). */
function builderRequest(r: Resource & { post: TSchema }): fc.Arbitrary<FuzzRequest> {
  const body = fc
    .tuple(schemaArbitrary(r.post, '', 0, true), fc.double({ min: 0, max: 1, noNaN: true }))
    .map(([inner, pick]) => ({ json: { [r.wrap]: withParent(r, inner, pick) } }));
  return fc.record({
    persona: fc.constantFrom(0, 1, 2),
    method: fc.constant('POST'),
    path: r.collection,
    query: fc.constant([]),
    contentType: fc.constant('application/json'),
    body,
  });
}
const BUILT = RESOURCES.filter((r): r is Resource & { post: TSchema } => r.post !== undefined);

const oneRequest: fc.Arbitrary<FuzzRequest> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .tuple(
        personaArb,
        contentTypeArb,
        fc.oneof({ weight: 12, arbitrary: fc.oneof(...RESOURCES.map(resourceRequest)) }, { weight: 1, arbitrary: otherRequest }),
      )
      .map(([persona, contentType, r]) => ({ ...r, persona, contentType })),
  },
  { weight: 1, arbitrary: fc.oneof(...BUILT.map(builderRequest)) },
);

/** One case: usually one request; sometimes up to four at once, often on the same objects (concurrent writes). */
export const fuzzCase: fc.Arbitrary<FuzzRequest[]> = fc.oneof(
  { weight: 6, arbitrary: oneRequest.map((r) => [r]) },
  { weight: 1, arbitrary: fc.array(oneRequest, { minLength: 2, maxLength: 4 }) },
);

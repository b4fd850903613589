// What the suite knows of the service's objects: ids by kind with their owning project, learned from the answers
// (so generated requests name real objects, one's own or another project's), and the personas requests come from.
import { randomUUID } from 'node:crypto';
import { Big, type Kind, Ref } from './values.js';

export interface Persona {
  readonly name: string;
  /** auth_strategy = testing headers */
  readonly headers: Readonly<Record<string, string>>;
  readonly project: string | null;
  /** sees every project's objects by design (admin, global observer) */
  readonly global: boolean;
  /** paths where it sees every project's objects (a quota admin reads every quota: load-balancer:read-quota-global) */
  readonly globalOn?: RegExp;
}

export const PERSONAS: readonly Persona[] = [
  { name: 'admin', headers: { 'x-roles': 'admin', 'x-project-id': 'fuzz-admin' }, project: 'fuzz-admin', global: true },
  { name: 'member-a', headers: { 'x-roles': 'load-balancer_member', 'x-project-id': 'fuzz-a' }, project: 'fuzz-a', global: false },
  { name: 'member-b', headers: { 'x-roles': 'load-balancer_member', 'x-project-id': 'fuzz-b' }, project: 'fuzz-b', global: false },
  { name: 'observer-a', headers: { 'x-roles': 'load-balancer_observer', 'x-project-id': 'fuzz-a' }, project: 'fuzz-a', global: false },
  {
    name: 'global-observer',
    headers: { 'x-roles': 'load-balancer_global_observer', 'x-project-id': 'fuzz-g' },
    project: 'fuzz-g',
    global: true,
  },
  {
    name: 'quota-admin',
    headers: { 'x-roles': 'load-balancer_quota_admin', 'x-project-id': 'fuzz-q' },
    project: 'fuzz-q',
    global: false,
    globalOn: /^\/v2\/lbaas\/quotas\b/,
  },
  { name: 'no-role', headers: { 'x-project-id': 'fuzz-c' }, project: 'fuzz-c', global: false },
  { name: 'anonymous', headers: {}, project: null, global: false },
];

/** The key a create answer wraps its object in → the kind it is. */
const WRAPPERS: Readonly<Record<string, Kind>> = {
  loadbalancer: 'load_balancer',
  listener: 'listener',
  pool: 'pool',
  member: 'member',
  healthmonitor: 'health_monitor',
  l7policy: 'l7policy',
  rule: 'l7rule',
  flavor: 'flavor',
  flavorprofile: 'flavor_profile',
  availability_zone: 'availability_zone',
  availability_zone_profile: 'availability_zone_profile',
  network: 'network',
  subnet: 'subnet',
  port: 'port',
  amphora: 'amphora',
};
/** Nested lists of a graph create answer. */
const NESTED: Readonly<Record<string, Kind>> = {
  listeners: 'listener',
  pools: 'pool',
  members: 'member',
  l7policies: 'l7policy',
  rules: 'l7rule',
};
const LISTS: Readonly<Record<string, Kind>> = {
  loadbalancers: 'load_balancer',
  listeners: 'listener',
  pools: 'pool',
  members: 'member',
  healthmonitors: 'health_monitor',
  l7policies: 'l7policy',
  rules: 'l7rule',
  flavors: 'flavor',
  flavorprofiles: 'flavor_profile',
  availability_zones: 'availability_zone',
  availability_zone_profiles: 'availability_zone_profile',
  amphorae: 'amphora',
  networks: 'network',
  subnets: 'subnet',
  ports: 'port',
};
const MAX_PER_KIND = 200;

export class World {
  private readonly ids = new Map<Kind, string[]>();
  /** id → owning project, for objects that have one */
  readonly owner = new Map<string, string>();

  constructor() {
    for (const p of PERSONAS) if (p.project) this.add('project', p.project, null);
  }

  add(kind: Kind, id: string, project: string | null): void {
    let list = this.ids.get(kind);
    if (!list) this.ids.set(kind, (list = []));
    if (!list.includes(id)) {
      list.push(id);
      if (list.length > MAX_PER_KIND) list.shift();
    }
    if (project) this.owner.set(id, project);
  }

  known(kind: Kind): readonly string[] {
    return this.ids.get(kind) ?? [];
  }

  /** The object a Ref stands for: the persona's own when asked and there is one, else any; a fresh UUID if none. */
  resolveRef(r: Ref, persona: Persona): string {
    const all = this.known(r.kind);
    const own = r.own && persona.project ? all.filter((id) => (this.owner.get(id) ?? persona.project) === persona.project) : all;
    const from = own.length > 0 ? own : all;
    if (from.length === 0) return r.kind === 'project' ? 'fuzz-a' : randomUUID();
    return from[Math.min(from.length - 1, Math.floor(r.pick * from.length))] as string;
  }

  /** A generated value with its Refs and Bigs made concrete. */
  resolve(value: unknown, persona: Persona): unknown {
    if (value instanceof Ref) return this.resolveRef(value, persona);
    if (value instanceof Big) return 'x'.repeat(value.bytes);
    if (Array.isArray(value)) return value.map((v) => this.resolve(v, persona));
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value))
        Object.defineProperty(out, k, { value: this.resolve(v, persona), enumerable: true, writable: true, configurable: true });
      return out;
    }
    return value;
  }

  /** Learns every object an answer shows (created ones and listed ones). */
  learn(body: unknown): void {
    if (body === null || typeof body !== 'object') return;
    for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
      const kind = WRAPPERS[key];
      if (kind && value && typeof value === 'object' && !Array.isArray(value)) this.learnObject(kind, value as Record<string, unknown>);
      const listKind = LISTS[key];
      if (listKind && Array.isArray(value))
        for (const v of value) if (v && typeof v === 'object') this.learnObject(listKind, v as Record<string, unknown>);
    }
  }

  private learnObject(kind: Kind, o: Record<string, unknown>): void {
    const id = kind === 'availability_zone' ? o.name : o.id;
    const project = typeof o.project_id === 'string' ? o.project_id : typeof o.tenant_id === 'string' ? o.tenant_id : null;
    // networks and subnets may be shared (the embedded network is): who sees them is Neutron's rule, not ownership
    const owned = kind !== 'network' && kind !== 'subnet';
    if (typeof id === 'string') this.add(kind, id, owned ? project : null);
    if (kind === 'load_balancer' && typeof o.vip_port_id === 'string') this.add('port', o.vip_port_id, project);
    if (kind === 'pool' && o.healthmonitor && typeof o.healthmonitor === 'object')
      this.learnObject('health_monitor', o.healthmonitor as Record<string, unknown>);
    for (const [key, nestedKind] of Object.entries(NESTED)) {
      const list = o[key];
      if (Array.isArray(list))
        for (const v of list) if (v && typeof v === 'object') this.learnObject(nestedKind, v as Record<string, unknown>);
    }
  }

  /** Forget deleted objects (a DELETE that succeeded). */
  forget(id: string): void {
    for (const list of this.ids.values()) {
      const i = list.indexOf(id);
      if (i >= 0) list.splice(i, 1);
    }
  }
}

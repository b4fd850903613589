// What must hold for every answer, whatever was asked: no 5xx (only Octavia's 501 for what a provider does not
// support), every error in Octavia's fault format (Neutron's on /v2.0), no database or driver text and no stack in
// any body unless the request itself carried it, and nothing of another project in a non-global persona's answer.
import type { RawResponse } from './http-client.js';
import type { Persona, World } from './world.js';

/** Text that only a database, a driver or the runtime would write. */
const LEAKS = new RegExp(
  [
    String.raw`SQLITE_|sqlite3?\b|violates .*constraint|duplicate key|\bER_[A-Z_]{3,}|syntax error at|Kysely|node_modules|/work/`,
    String.raw`at [\w.<>]+ \(/|TypeError|ReferenceError|RangeError|Cannot read propert|is not a function|ECONNREFUSED`,
    String.raw`relation "|column "|Incorrect \w+ value|Data too long|out of range for type|invalid input syntax|Unknown column`,
  ].join('|'),
  'i',
);
/**
 * Octavia 11 raises an invalid pagination limit in a pecan hook, outside WSME, so its answer is webob's text/plain
 * "400 Supplied pagination limit '<x>' is not valid." (api/list/params.ts keeps that); the one error that is no fault.
 */
const OCTAVIA_PLAIN_LIMIT = /^400 Supplied pagination limit '.*' is not valid\.$/s;
const PROVIDER_501 = /^Provider '.*' (was not found\.|does not support a requested (action|option): )/s;

export interface SentRequest {
  readonly method: string;
  readonly path: string;
  /** the body as sent (for the echo rule) */
  readonly bodyText: string;
  readonly persona: Persona;
}

export function checkAnswer(req: SentRequest, res: RawResponse, world: World): string[] {
  const problems: string[] = [];
  const neutron = req.path.startsWith('/v2.0');
  if (res.status === 400 && /^text\/plain\b/.test(res.contentType) && OCTAVIA_PLAIN_LIMIT.test(res.text) && /[?&]limit=/.test(req.path))
    return [];
  let body: unknown;
  if (res.text !== '') {
    try {
      body = JSON.parse(res.text);
    } catch {
      if (req.method !== 'HEAD') problems.push(`answer ${res.status} is not JSON (${res.contentType}): ${res.text.slice(0, 200)}`);
    }
  }
  if (res.status >= 500) {
    const fault = body as { faultstring?: unknown } | undefined;
    if (!(res.status === 501 && typeof fault?.faultstring === 'string' && PROVIDER_501.test(fault.faultstring)))
      problems.push(`${res.status}: ${res.text.slice(0, 300)}`);
  }
  if (res.status >= 400 && req.method !== 'HEAD') {
    if (!/^application\/json\b/.test(res.contentType))
      problems.push(`error ${res.status} with Content-Type ${res.contentType || '(none)'}`);
    if (!isFault(body, res.status) && !(neutron && isNeutronError(body)) && !isKeystone401(body, res.status))
      problems.push(`error ${res.status} is not a fault body: ${res.text.slice(0, 200)}`);
  }
  // errors only: a 2xx body shows what tenants stored, and the fuzz itself stores such strings in names
  const leak = res.status >= 400 ? LEAKS.exec(res.text) : null;
  if (leak && !LEAKS.test(`${req.path} ${req.bodyText}`))
    problems.push(`answer ${res.status} shows internal text "${leak[0]}": ${res.text.slice(0, 300)}`);
  // shared networks and their subnets are everyone's to see, whoever owns them (neutron-scoping.test.ts covers who
  // sees what there); ports are checked
  const shared = /^\/v2\.0\/(networks|subnets)\b/.test(req.path);
  const global = req.persona.global || (req.persona.globalOn?.test(req.path) ?? false);
  if (res.status < 300 && body !== undefined && !global && req.persona.project && !shared) {
    for (const foreign of foreignObjects(body, req.persona.project, world))
      problems.push(`${req.persona.name} (${req.persona.project}) sees ${foreign}`);
  }
  return problems;
}

function isFault(body: unknown, status: number): boolean {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return false;
  const keys = Object.keys(body).sort().join(',');
  const b = body as Record<string, unknown>;
  return (
    keys === 'debuginfo,faultcode,faultstring' && typeof b.faultstring === 'string' && b.faultcode === (status >= 500 ? 'Server' : 'Client')
  );
}

function isNeutronError(body: unknown): boolean {
  const e = (body as { NeutronError?: Record<string, unknown> } | undefined)?.NeutronError;
  return !!e && typeof e.type === 'string' && typeof e.message === 'string';
}

/** keystonemiddleware's own 401 document (authenticate.ts), as Octavia answers it. */
function isKeystone401(body: unknown, status: number): boolean {
  const e = (body as { error?: Record<string, unknown> } | undefined)?.error;
  return status === 401 && !!e && e.code === 401 && typeof e.message === 'string';
}

const NETWORK_KEYS = new Set(['network_id', 'subnet_id', 'vip_network_id', 'vip_subnet_id']);

/** Objects in an answer that belong to another project: by their project_id, or by an id the world knows. */
function foreignObjects(body: unknown, project: string, world: World): string[] {
  const out: string[] = [];
  const walk = (v: unknown, key: string): void => {
    if (typeof v === 'string') {
      // networks and subnets may be shared: who sees them is Neutron's rule (test/integration covers it)
      if (NETWORK_KEYS.has(key)) return;
      const owner = key === 'project_id' || key === 'tenant_id' ? (world.known('project').includes(v) ? v : null) : world.owner.get(v);
      if (owner && owner !== project) out.push(`${key} ${v} of ${owner}`);
    } else if (Array.isArray(v)) for (const x of v) walk(x, key);
    else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  walk(body, '');
  return out;
}

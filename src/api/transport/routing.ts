// Answers for requests no controller takes: unknown paths (404), known paths asked with a method they do not serve
// (405 with an Allow header, as pecan's RestController builds it), URLs the router cannot decode or that are too long,
// and NUL characters that no database column could hold. Every one is an Octavia fault body, never text/plain.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type ApiFault, badRequest, methodNotAllowed, nulInQuery, routeNotFound, uriTooLong } from '../../common/faults.js';

/** Apache's LimitRequestLine (8190) rounded up: the request target a front end in front of Octavia would let through. */
export const MAX_URL_BYTES = 8192;
/**
 * Paging, sorting and field selection: the list code checks these itself and answers a NUL in them with Octavia's own
 * fault (e.g. "Supplied pagination marker '...' is not valid."); none reaches a query as text.
 */
const LIST_CONTROLS = new Set(['limit', 'marker', 'page_reverse', 'sort', 'sort_key', 'sort_dir', 'fields']);
/** The methods octavia-ts routes, in the order pecan lists them in Allow (sorted). */
const ROUTABLE_METHODS = ['DELETE', 'GET', 'HEAD', 'POST', 'PUT'] as const;

export const newRequestId = (): string => `req-${randomUUID()}`;

export function sendFault(reply: FastifyReply, fault: ApiFault): FastifyReply {
  return reply.code(fault.status).type('application/json').send(fault.body());
}

const pathOf = (url: string): string => url.split('?')[0] ?? '/';

/** The methods some route answers on this concrete path (the router decides, trailing slash and all). */
export function allowedMethods(app: FastifyInstance, url: string): string[] {
  const path = pathOf(url);
  return ROUTABLE_METHODS.filter((method) => app.findRoute({ method, url: path }) !== null);
}

/** setNotFoundHandler: 405 + Allow when another method serves the path, else 404. */
export function routeMiss(app: FastifyInstance) {
  return (request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    const allow = allowedMethods(app, request.url);
    if (allow.length === 0) return sendFault(reply, routeNotFound());
    return sendFault(reply.header('allow', allow.join(', ')), methodNotAllowed());
  };
}

/**
 * For Fastify's frameworkErrors: the router could not decode the path (FST_ERR_BAD_URL, e.g. "%zz") or a path
 * parameter is longer than its maxParamLength (FST_ERR_MAX_PARAM_LENGTH).
 */
export function routerFault(error: { code?: string }): ApiFault {
  return error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? uriTooLong() : badRequest();
}

/**
 * The request checks that come before authentication and body parsing: an over-long URL is 414; a NUL character
 * (%00) in a path segment names nothing that can exist (404), in a query name or filter value it is 400, as it is in a
 * body string. PostgreSQL refuses NUL in text, so none of these may reach a query.
 */
export function rejectUnusableUrl(request: FastifyRequest): ApiFault | null {
  if (Buffer.byteLength(request.url) > MAX_URL_BYTES) return uriTooLong();
  // a raw NUL never gets past Node's request-line parser, so only a percent-encoded one can be in a decoded value
  if (!request.url.includes('%00')) return null;
  const params = (request.params ?? {}) as Record<string, unknown>;
  for (const value of Object.values(params)) if (typeof value === 'string' && value.includes('\0')) return routeNotFound();
  const query = (request.query ?? {}) as Record<string, unknown>;
  for (const [name, raw] of Object.entries(query)) {
    if (LIST_CONTROLS.has(name)) continue;
    for (const value of Array.isArray(raw) ? raw : [raw]) {
      if (name.includes('\0') || (typeof value === 'string' && value.includes('\0'))) return nulInQuery(name, String(value));
    }
  }
  return null;
}

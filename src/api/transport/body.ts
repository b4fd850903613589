// Request bodies: JSON only. Octavia's WSME answers a body of another media type with 415 "Unknown mimetype: <type>";
// octavia-ts takes application/json alone (any case, any parameters such as charset), which is what
// python-octaviaclient and openstacksdk (keystoneauth's json=) and gophercloud (JSONBody) send. A request without a
// body (failover, amphora configure) needs no Content-Type; a body without one is refused like any other type.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { IncomingHttpHeaders } from 'node:http';
import { ApiFault, unsupportedMediaType } from '../../common/faults.js';

/** The media type as the client wrote it, without parameters ("" when there is no Content-Type). */
export const mediaTypeOf = (headers: IncomingHttpHeaders): string => (headers['content-type'] ?? '').split(';')[0]!.trim();

const declaresNoBody = (headers: IncomingHttpHeaders): boolean =>
  headers['transfer-encoding'] === undefined && (headers['content-length'] ?? '0') === '0';

export function acceptJsonBodiesOnly(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = String(body);
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(new ApiFault(400, 'Request is not in valid JSON format'), undefined);
    }
  });
  // every other type, and a body without a Content-Type; refused before the body is read
  app.addContentTypeParser('*', (request: FastifyRequest, _payload, done) => {
    if (declaresNoBody(request.headers)) return done(null, undefined);
    done(unsupportedMediaType(mediaTypeOf(request.headers)), undefined);
  });
}

/** Fastify's own 415 for a Content-Type header it cannot parse at all (e.g. "json"), in WSME's words. */
export function invalidMediaTypeFault(error: { code?: string }, request: FastifyRequest): ApiFault | null {
  return error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? unsupportedMediaType(mediaTypeOf(request.headers)) : null;
}

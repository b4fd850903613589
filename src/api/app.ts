// The HTTP application: Octavia's URL space (/, /v2, /v2.0, with and without "lbaas"), its transport habits
// (x-openstack-request-id, ".json" suffixes) and its fault bodies, for routing and transport errors too (transport/).
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { ApiFault, unexpectedError } from '../common/faults.js';
import { createAuthenticator, UnauthorizedError } from './auth/authenticate.js';
import type { RequestContext } from './auth/context.js';
import { neutronRoutes } from './neutron/routes.js';
import { amphoraRoutes } from './v2/amphorae/routes.js';
import type { ApiServices } from './services.js';
import { v2Routes } from './v2/routes.js';
import { acceptJsonBodiesOnly, invalidMediaTypeFault } from './transport/body.js';
import { clientErrorHandler } from './transport/client-errors.js';
import { MAX_URL_BYTES, newRequestId, rejectUnusableUrl, routeMiss, routerFault, sendFault } from './transport/routing.js';
import { versionDocument } from './versions.js';

declare module 'fastify' {
  interface FastifyRequest {
    ctx: RequestContext;
  }
}

export async function buildApp(services: ApiServices): Promise<FastifyInstance> {
  const app = Fastify({
    logger: false,
    // ids in paths are free text to Octavia (an unknown one is a 404 naming it): the URL length limit is the only one
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: MAX_URL_BYTES },
    bodyLimit: 10 * 1024 * 1024,
    // pecan strips a ".json" extension from the last path segment
    rewriteUrl: (req) => (req.url ?? '/').replace(/\.json(?=$|\?)/, ''),
    // router errors come before any hook, hence the request id here
    frameworkErrors: (error, _request, reply) => {
      // Fastify types this reply generically over every route's schema; it is a plain reply here
      sendFault((reply as unknown as FastifyReply).header('x-openstack-request-id', newRequestId()), routerFault(error));
    },
    clientErrorHandler,
  });

  app.decorateRequest('ctx', null as unknown as RequestContext);

  acceptJsonBodiesOnly(app);

  const authenticate = createAuthenticator(services.config.api_settings.auth_strategy, services.policy ?? null, services.keystone ?? null);
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-openstack-request-id', newRequestId());
    const unusable = rejectUnusableUrl(request);
    if (unusable) return sendFault(reply, unusable);
    request.ctx = await authenticate(request.headers, (request.url ?? '/').split('?')[0] ?? '/');
  });

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof UnauthorizedError) {
      return reply
        .code(401)
        .header('www-authenticate', `Keystone uri="${error.authenticateUri}"`)
        .type('application/json')
        .send(error.body());
    }
    if (error instanceof ApiFault) {
      if (error.plainText) {
        return reply.code(error.status).type('text/plain; charset=UTF-8').send(`${error.status} ${error.faultstring}`);
      }
      return sendFault(reply, error);
    }
    const status = (error as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) {
      const fastifyError = error as Error & { code?: string };
      return sendFault(reply, invalidMediaTypeFault(fastifyError, request) ?? new ApiFault(status, fastifyError.message));
    }
    // the client gets Octavia's generic text; the database's or driver's own words go to the log only, under the
    // request id the client was given, so an operator can find them
    const requestId = reply.getHeader('x-openstack-request-id');
    services.log.error({ err: error, request_id: requestId, method: request.method, url: request.url }, 'unexpected error');
    return reply.code(500).type('application/json').send(unexpectedError().body());
  });

  app.setNotFoundHandler(routeMiss(app));

  app.get('/', async (request) => versionDocument(`${baseUrl(request)}/`));
  for (const version of ['/v2', '/v2.0']) {
    // pecan's V2Controller, BaseV2Controller (/lbaas) and OctaviaV2Controller (/octavia) each answer GET with "v2"
    for (const path of [version, `${version}/lbaas`, `${version}/octavia`]) {
      app.get(path, async (_request, reply) => reply.type('application/json').send('"v2"'));
    }
    await app.register(v2Routes(services), { prefix: `${version}/lbaas` });
    await app.register(v2Routes(services), { prefix: version });
  }
  await app.register(neutronRoutes(services), { prefix: '/v2.0' });
  for (const version of ['/v2', '/v2.0']) await app.register(amphoraRoutes(services), { prefix: `${version}/octavia` });
  return app;
}

/**
 * scheme://host of the request, for the version document's hrefs. Octavia builds those from the request URL too;
 * [api_settings] api_base_uri only changes pagination links (v2/common/list.ts).
 */
export function baseUrl(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

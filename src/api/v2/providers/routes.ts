// /v2/lbaas/providers: the enabled provider drivers and what flavor / availability-zone metadata each accepts.
import type { FastifyInstance } from 'fastify';
import type { Capability } from '../../../providers/provider-driver.js';
import { action, authorize } from '../../auth/policy.js';
import { type Query, selectFields, single } from '../../list/params.js';
import type { ApiServices } from '../../services.js';
import { callProvider } from '../../transaction.js';
import { AvailabilityZoneCapabilitiesResponse, FlavorCapabilitiesResponse, ProviderListResponse } from './response.js';
import { responds } from '../common/response.js';

function fieldsOf(query: Query): string[] | null {
  if (query.fields === undefined) return null;
  return (Array.isArray(query.fields) ? query.fields : [query.fields]).flatMap((f) => f.split(','));
}

/** name= / description= exact filters and fields=, as Octavia's capability listings allow. */
function filterCapabilities(caps: readonly Capability[], query: Query): Record<string, unknown>[] {
  const name = single(query.name);
  const description = single(query.description);
  return caps
    .filter((c) => (name === undefined || c.name === name) && (description === undefined || c.description === description))
    .map((c) => selectFields({ name: c.name, description: c.description }, fieldsOf(query)));
}

export function registerProviderRoutes(app: FastifyInstance, services: ApiServices): void {
  const { enforcer } = services;
  const flavorCaps = responds(200, FlavorCapabilitiesResponse);
  const zoneCaps = responds(200, AvailabilityZoneCapabilitiesResponse);
  const own = (request: { ctx: { projectId: string | null } }) => ({ project_id: request.ctx.projectId });

  app.get('/providers', responds(200, ProviderListResponse), async (request) => {
    authorize(enforcer, request.ctx, action('provider', 'get_all'), own(request));
    const fields = fieldsOf(request.query as Query);
    return { providers: services.providers.list().map((p) => selectFields(p, fields)) };
  });

  app.get<{ Params: { provider: string } }>('/providers/:provider/flavor_capabilities', flavorCaps, async (request) => {
    authorize(enforcer, request.ctx, action('provider-flavor', 'get_all'), own(request));
    const driver = services.providers.get(request.params.provider);
    const caps = await callProvider(driver.name, () => driver.flavorCapabilities());
    return { flavor_capabilities: filterCapabilities(caps, request.query as Query) };
  });

  app.get<{ Params: { provider: string } }>('/providers/:provider/availability_zone_capabilities', zoneCaps, async (request) => {
    authorize(enforcer, request.ctx, action('provider-availability-zone', 'get_all'), own(request));
    const driver = services.providers.get(request.params.provider);
    const caps = await callProvider(driver.name, () => driver.availabilityZoneCapabilities());
    return { availability_zone_capabilities: filterCapabilities(caps, request.query as Query) };
  });
}

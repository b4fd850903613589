// /v2/lbaas/availabilityzones: keyed by name; readable by every load-balancer role, written by admins only.
import type { FastifyInstance } from 'fastify';
import { ApiFault, notFound, objectInUse } from '../../../common/faults.js';
import { isUniqueViolation } from '../../../db/errors.js';
import {
  type AvailabilityZone,
  availabilityZoneUsers,
  deleteAvailabilityZone,
  getAvailabilityZone,
  insertAvailabilityZone,
  loadAvailabilityZones,
  updateAvailabilityZone,
} from '../../../db/repositories/availability-zones.js';
import { listColumns } from '../../../db/list-query.js';
import { toFlag } from '../../../db/repositories/rows.js';
import { action, authorize } from '../../auth/policy.js';
import type { ApiServices } from '../../services.js';
import { type Static, Type, bool, str, uuid } from '../../validation/types.js';
import { has, parseBody } from '../common/body.js';
import { type CollectionDef, listCollection, showFields } from '../common/list.js';
import { missingId } from '../common/provider.js';
import { text } from '../common/render.js';
import type { AvailabilityZoneView } from './response.js';
import { requireProfileRef } from '../flavorprofiles/profile-routes.js';
import { AvailabilityZoneListResponse, AvailabilityZoneResponse, AvailabilityZoneShowResponse } from './response.js';
import { responds } from '../common/response.js';

const opt = <T extends Parameters<typeof Type.Optional>[0]>(s: T) => Type.Optional(Type.Union([s, Type.Null()]));
// mandatory attributes are not nullable: a JSON null there is "Mandatory field missing." (not a NOT NULL violation)
const ZonePostSchema = Type.Object(
  {
    name: Type.Optional(str(255)),
    description: opt(str(255)),
    enabled: opt(bool()),
    availability_zone_profile_id: Type.Optional(uuid()),
  },
  { required: ['name', 'availability_zone_profile_id'] },
);
const ZonePutSchema = Type.Object({ description: opt(str(255)), enabled: opt(bool()) });
type ZonePost = Static<typeof ZonePostSchema>;
type ZonePut = Static<typeof ZonePutSchema>;

export const renderAvailabilityZone = (z: AvailabilityZone): AvailabilityZoneView => ({
  name: z.name,
  description: text(z.description),
  enabled: z.enabled === 1,
  availability_zone_profile_id: z.availability_zone_profile_id,
});

const zoneCollection: CollectionDef<AvailabilityZone> = {
  collectionKey: 'availability_zones',
  linksKey: 'availability_zones_links',
  rbacObject: null,
  load: loadAvailabilityZones,
  render: renderAvailabilityZone,
  spec: {
    table: 'availability_zone',
    // Octavia's zones have neither id nor created_at, so it appends no sort key and its markers cannot work (it
    // looks them up by id); here the name, the zone's key, is the marker and the last sort key: the order a
    // MySQL primary-key scan gives Octavia
    key: 'name',
    defaultSort: ['name'],
    tagged: false,
    columns: listColumns('availability_zone', { name: 'str', description: 'str', enabled: 'bool', availability_zone_profile_id: 'str' }, [
      'name',
    ]),
  },
};

export function registerAvailabilityZoneRoutes(app: FastifyInstance, services: ApiServices): void {
  const { db, enforcer } = services;
  const rbac = (verb: string) => action('availability-zone', verb);
  const own = (request: { ctx: { projectId: string | null } }) => ({ project_id: request.ctx.projectId });

  async function requireZone(name: string): Promise<AvailabilityZone> {
    const zone = await getAvailabilityZone(db, name);
    if (!zone) throw notFound('Availability Zone', name);
    return zone;
  }

  app.get('/availabilityzones', responds(200, AvailabilityZoneListResponse), async (request) => {
    authorize(enforcer, request.ctx, rbac('get_all'), own(request));
    return listCollection(services, request, zoneCollection);
  });

  app.get<{ Params: { name: string } }>('/availabilityzones/:name', responds(200, AvailabilityZoneShowResponse), async (request) => {
    authorize(enforcer, request.ctx, rbac('get_one'), own(request));
    return { availability_zone: showFields(request, renderAvailabilityZone(await requireZone(request.params.name))) };
  });

  app.post('/availabilityzones', responds(201, AvailabilityZoneResponse), async (request, reply) => {
    const input = parseBody<ZonePost>(request.body, 'availability_zone', ZonePostSchema, 'availability_zone_');
    authorize(enforcer, request.ctx, rbac('post'), own(request));
    const profileId = input.availability_zone_profile_id as string;
    await requireProfileRef(services, 'availability_zone_profile', profileId, 'Availability Zone Profile');
    const zone: AvailabilityZone = {
      name: input.name as string,
      description: input.description ?? null,
      enabled: toFlag(input.enabled === undefined || input.enabled === null ? true : input.enabled),
      availability_zone_profile_id: profileId,
    };
    try {
      await insertAvailabilityZone(db, zone);
    } catch (err) {
      if (isUniqueViolation(err)) throw new ApiFault(409, `A availability zone of ${zone.name} already exists.`);
      throw err;
    }
    reply.code(201);
    return { availability_zone: renderAvailabilityZone(zone) };
  });

  app.put<{ Params: { name: string } }>('/availabilityzones/:name', responds(200, AvailabilityZoneResponse), async (request) => {
    const input = parseBody<ZonePut>(request.body, 'availability_zone', ZonePutSchema, 'availability_zone_');
    const { name } = request.params;
    authorize(enforcer, request.ctx, rbac('put'), own(request));
    await requireZone(name);
    await updateAvailabilityZone(db, name, {
      ...(has(input, 'description') ? { description: input.description ?? null } : {}),
      ...(has(input, 'enabled') ? { enabled: toFlag(Boolean(input.enabled)) } : {}),
    });
    return { availability_zone: renderAvailabilityZone(await requireZone(name)) };
  });

  app.delete<{ Params: { name: string } }>('/availabilityzones/:name', async (request, reply) => {
    const { name } = request.params;
    authorize(enforcer, request.ctx, rbac('delete'), own(request));
    if ((await availabilityZoneUsers(db, name)) > 0) throw objectInUse('Availability Zone', name);
    const outcome = await deleteAvailabilityZone(db, name);
    if (outcome === 'in-use') throw objectInUse('Availability Zone', name);
    if (outcome === 'missing') throw notFound('Availability Zone', name);
    return reply.code(204).send();
  });

  app.put('/availabilityzones', missingId);
  app.delete('/availabilityzones', missingId);
}

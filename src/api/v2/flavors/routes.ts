// /v2/lbaas/flavors: everyone with read access lists and shows them; only admins create, update, delete.
import type { FastifyInstance } from 'fastify';
import { ApiFault, notFound, objectInUse } from '../../../common/faults.js';
import { NIL_UUID } from '../../../common/constants.js';
import { newId } from '../../../common/ids.js';
import { isUniqueViolation } from '../../../db/errors.js';
import {
  deleteFlavor,
  type Flavor,
  flavorUsers,
  getFlavor,
  insertFlavor,
  loadFlavors,
  updateFlavor,
} from '../../../db/repositories/flavors.js';
import { listColumns } from '../../../db/list-query.js';
import { toFlag } from '../../../db/repositories/rows.js';
import { action, authorize } from '../../auth/policy.js';
import type { ApiServices } from '../../services.js';
import { type Static, Type, bool, str, uuid } from '../../validation/types.js';
import { has, parseBody } from '../common/body.js';
import { type CollectionDef, listCollection, showFields } from '../common/list.js';
import { missingId } from '../common/provider.js';
import { text } from '../common/render.js';
import { requireProfileRef } from '../flavorprofiles/profile-routes.js';
import type { FlavorView } from './response.js';
import { FlavorListResponse, FlavorResponse, FlavorShowResponse } from './response.js';
import { responds } from '../common/response.js';

const opt = <T extends Parameters<typeof Type.Optional>[0]>(s: T) => Type.Optional(Type.Union([s, Type.Null()]));
// mandatory attributes are not nullable: a JSON null there is "Mandatory field missing." (not a NOT NULL violation)
const FlavorPostSchema = Type.Object(
  { name: Type.Optional(str(255)), description: opt(str(255)), enabled: opt(bool()), flavor_profile_id: Type.Optional(uuid()) },
  { required: ['name', 'flavor_profile_id'] },
);
const FlavorPutSchema = Type.Object({ name: opt(str(255)), description: opt(str(255)), enabled: opt(bool()) });
type FlavorPost = Static<typeof FlavorPostSchema>;
type FlavorPut = Static<typeof FlavorPutSchema>;

export const renderFlavor = (f: Flavor): FlavorView => ({
  id: f.id,
  name: f.name,
  description: text(f.description),
  enabled: f.enabled === 1,
  flavor_profile_id: f.flavor_profile_id,
});

const flavorCollection: CollectionDef<Flavor> = {
  collectionKey: 'flavors',
  linksKey: 'flavors_links',
  rbacObject: null,
  load: loadFlavors,
  render: renderFlavor,
  spec: {
    table: 'flavor',
    tagged: false,
    defaultSort: ['id'],
    columns: listColumns('flavor', { id: 'str', name: 'str', description: 'str', enabled: 'bool', flavor_profile_id: 'str' }),
  },
};

const duplicate = (name: string) => new ApiFault(409, `A flavor of ${name} already exists.`);

export function registerFlavorRoutes(app: FastifyInstance, services: ApiServices): void {
  const { db, enforcer } = services;
  const rbac = (verb: string) => action('flavor', verb);
  const own = (request: { ctx: { projectId: string | null } }) => ({ project_id: request.ctx.projectId });

  async function requireFlavor(id: string): Promise<Flavor> {
    const flavor = id === NIL_UUID ? undefined : await getFlavor(db, id);
    if (!flavor) throw notFound('Flavor', id);
    return flavor;
  }

  app.get('/flavors', responds(200, FlavorListResponse), async (request) => {
    authorize(enforcer, request.ctx, rbac('get_all'), own(request));
    return listCollection(services, request, flavorCollection);
  });

  app.get<{ Params: { id: string } }>('/flavors/:id', responds(200, FlavorShowResponse), async (request) => {
    authorize(enforcer, request.ctx, rbac('get_one'), own(request));
    return { flavor: showFields(request, renderFlavor(await requireFlavor(request.params.id))) };
  });

  app.post('/flavors', responds(201, FlavorResponse), async (request, reply) => {
    const input = parseBody<FlavorPost>(request.body, 'flavor', FlavorPostSchema, 'flavor_');
    authorize(enforcer, request.ctx, rbac('post'), own(request));
    await requireProfileRef(services, 'flavor_profile', input.flavor_profile_id as string, 'Flavor profile');
    const flavor: Flavor = {
      id: newId(),
      name: input.name as string,
      description: input.description ?? null,
      enabled: toFlag(input.enabled === undefined || input.enabled === null ? true : input.enabled),
      flavor_profile_id: input.flavor_profile_id as string,
    };
    try {
      await insertFlavor(db, flavor);
    } catch (err) {
      if (isUniqueViolation(err)) throw duplicate(flavor.name);
      throw err;
    }
    reply.code(201);
    return { flavor: renderFlavor(flavor) };
  });

  app.put<{ Params: { id: string } }>('/flavors/:id', responds(200, FlavorResponse), async (request) => {
    const input = parseBody<FlavorPut>(request.body, 'flavor', FlavorPutSchema, 'flavor_');
    const { id } = request.params;
    authorize(enforcer, request.ctx, rbac('put'), own(request));
    await requireFlavor(id);
    try {
      await updateFlavor(db, id, {
        ...(has(input, 'name') && input.name !== null ? { name: input.name as string } : {}),
        ...(has(input, 'description') ? { description: input.description ?? null } : {}),
        ...(has(input, 'enabled') ? { enabled: toFlag(Boolean(input.enabled)) } : {}),
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw duplicate(input.name as string);
      throw err;
    }
    return { flavor: renderFlavor(await requireFlavor(id)) };
  });

  app.delete<{ Params: { id: string } }>('/flavors/:id', async (request, reply) => {
    const { id } = request.params;
    authorize(enforcer, request.ctx, rbac('delete'), own(request));
    if (id === NIL_UUID) throw notFound('Flavor', id);
    if ((await flavorUsers(db, id)) > 0) throw objectInUse('Flavor', id);
    const outcome = await deleteFlavor(db, id);
    if (outcome === 'in-use') throw objectInUse('Flavor', id);
    if (outcome === 'missing') throw notFound('Flavor', id);
    return reply.code(204).send();
  });

  app.put('/flavors', missingId);
  app.delete('/flavors', missingId);
}

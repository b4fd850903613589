// Flavor profiles and availability-zone profiles behave alike in Octavia: admin-only CRUD of (name, provider_name,
// <data>), where <data> must be JSON the provider driver accepts, and provider/data are frozen once a flavor (zone)
// uses the profile. One route set, described by a ProfileApi.
import type { FastifyInstance } from 'fastify';
import { ApiFault, invalidOption, notFound, objectInUse, providerUnsupportedOption } from '../../../common/faults.js';
import { NIL_UUID } from '../../../common/constants.js';
import { newId } from '../../../common/ids.js';
import { pyRepr } from '../../../common/py-repr.js';
import {
  deleteProfile,
  getProfile,
  insertProfile,
  loadProfiles,
  type Profile,
  type ProfileKind,
  profileUsers,
  updateProfile,
} from '../../../db/repositories/flavors.js';
import { listColumns } from '../../../db/list-query.js';
import type { ProviderDriver } from '../../../providers/provider-driver.js';
import { action, authorize } from '../../auth/policy.js';
import type { ApiServices } from '../../services.js';
import { callProvider } from '../../transaction.js';
import { type Static, Type, str } from '../../validation/types.js';
import { has, parseBody } from '../common/body.js';
import { type CollectionDef, listCollection, showFields } from '../common/list.js';
import { missingId } from '../common/provider.js';
import { profileResponses } from './response.js';
import { responds } from '../common/response.js';

export interface ProfileApi {
  readonly kind: ProfileKind;
  readonly path: string;
  readonly rbacObject: string;
  /** body and response key */
  readonly wrapper: string;
  readonly collectionKey: string;
  readonly linksKey: string;
  /** Octavia's internal argument name in "Unknown attribute" messages */
  readonly arg: string;
  readonly dataField: string;
  /** resource name in 404/409 messages */
  readonly resourceName: string;
  validate(driver: ProviderDriver, metadata: Record<string, unknown>): void;
}

function schemas(dataField: string) {
  // every field is mandatory on create, where a JSON null is "Mandatory field missing."; on update a null is
  // Octavia's "None is not a valid option" (the handler's check)
  const mandatory = { name: str(255), provider_name: str(255), [dataField]: str(4096) };
  const nullable = Object.fromEntries(Object.entries(mandatory).map(([k, s]) => [k, Type.Optional(Type.Union([s, Type.Null()]))]));
  const optional = Object.fromEntries(Object.entries(mandatory).map(([k, s]) => [k, Type.Optional(s)]));
  return {
    post: Type.Object(optional, { required: Object.keys(mandatory) }),
    put: Type.Object(nullable),
  };
}
type ProfileBody = Static<ReturnType<typeof schemas>['put']>;

export function registerProfileRoutes(app: FastifyInstance, services: ApiServices, api: ProfileApi): void {
  const { db, enforcer } = services;
  const rbac = (verb: string) => action(api.rbacObject, verb);
  const own = (request: { ctx: { projectId: string | null } }) => ({ project_id: request.ctx.projectId });
  const { post: PostSchema, put: PutSchema } = schemas(api.dataField);
  const responses = profileResponses(api);
  const render = (p: Profile) => ({ id: p.id, name: p.name, provider_name: p.provider_name, [api.dataField]: p.data });

  const collection: CollectionDef<Profile> = {
    collectionKey: api.collectionKey,
    linksKey: api.linksKey,
    rbacObject: null,
    load: (d, ids) => loadProfiles(d, api.kind, ids),
    render,
    spec: {
      table: api.kind,
      tagged: false,
      defaultSort: ['id'],
      columns: listColumns(api.kind, { id: 'str', name: 'str', provider_name: 'str', [api.dataField]: 'str' }),
    },
  };

  /** JSON check, then the provider's own validation (501 with its faultstring on unknown keys). */
  function validateData(providerName: string, data: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch {
      throw invalidOption(data, api.dataField);
    }
    const driver = services.providers.get(providerName);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw providerUnsupportedOption(providerName, `${pyRepr(parsed)} is not of type 'object'`);
    }
    api.validate(driver, parsed as Record<string, unknown>);
  }

  async function requireProfile(id: string): Promise<Profile> {
    const profile = id === NIL_UUID ? undefined : await getProfile(db, api.kind, id);
    if (!profile) throw notFound(api.resourceName, id);
    return profile;
  }

  app.get(api.path, responds(200, responses.list), async (request) => {
    authorize(enforcer, request.ctx, rbac('get_all'), own(request));
    return listCollection(services, request, collection);
  });

  app.get<{ Params: { id: string } }>(`${api.path}/:id`, responds(200, responses.show), async (request) => {
    authorize(enforcer, request.ctx, rbac('get_one'), own(request));
    return { [api.wrapper]: showFields(request, render(await requireProfile(request.params.id))) };
  });

  app.post(api.path, responds(201, responses.object), async (request, reply) => {
    const input = parseBody<ProfileBody>(request.body, api.wrapper, PostSchema, api.arg);
    authorize(enforcer, request.ctx, rbac('post'), own(request));
    const profile: Profile = {
      id: newId(),
      name: input.name as string,
      provider_name: input.provider_name as string,
      data: input[api.dataField] as string,
    };
    await callProvider(profile.provider_name, () => validateData(profile.provider_name, profile.data));
    await insertProfile(db, api.kind, profile);
    reply.code(201);
    return { [api.wrapper]: render(profile) };
  });

  app.put<{ Params: { id: string } }>(`${api.path}/:id`, responds(200, responses.object), async (request) => {
    const input = parseBody<ProfileBody>(request.body, api.wrapper, PutSchema, api.arg);
    const { id } = request.params;
    authorize(enforcer, request.ctx, rbac('put'), own(request));
    for (const field of ['name', 'provider_name', api.dataField]) {
      if (has(input, field) && input[field] === null) throw invalidOption('None', field);
    }
    const changesBackend = has(input, api.dataField) || has(input, 'provider_name');
    if (changesBackend && (await profileUsers(db, api.kind, id)) > 0) throw objectInUse(api.resourceName, id);
    const current = await requireProfile(id);
    const providerName = (input.provider_name as string | undefined) ?? current.provider_name;
    const data = input[api.dataField] as string | undefined;
    if (data !== undefined) await callProvider(providerName, () => validateData(providerName, data));
    else if (input.provider_name !== undefined) services.providers.get(providerName);
    await updateProfile(db, api.kind, id, {
      ...(input.name !== undefined ? { name: input.name as string } : {}),
      ...(input.provider_name !== undefined ? { provider_name: providerName } : {}),
      ...(data !== undefined ? { data } : {}),
    });
    return { [api.wrapper]: render(await requireProfile(id)) };
  });

  app.delete<{ Params: { id: string } }>(`${api.path}/:id`, async (request, reply) => {
    const { id } = request.params;
    authorize(enforcer, request.ctx, rbac('delete'), own(request));
    if (id === NIL_UUID) throw notFound(api.resourceName, id);
    if ((await profileUsers(db, api.kind, id)) > 0) throw objectInUse(api.resourceName, id);
    if (!(await deleteProfile(db, api.kind, id))) throw notFound(api.resourceName, id);
    return reply.code(204).send();
  });

  app.put(api.path, missingId);
  app.delete(api.path, missingId);
}

/** A profile id named by a flavor or zone must exist (Zed leans on the foreign key; we answer 400 up front). */
export async function requireProfileRef(services: ApiServices, kind: ProfileKind, id: string, resourceName: string): Promise<void> {
  if (!(await getProfile(services.db, kind, id))) throw new ApiFault(400, `${resourceName} ${id} not found.`);
}

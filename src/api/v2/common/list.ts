// One list endpoint shape for every collection: parse the list parameters, scope by project, query the page of
// ids, load and render the objects, trim to fields=, and add Octavia's pagination links.
import type { FastifyRequest } from 'fastify';
import type { RawBuilder } from 'kysely';
import type { Db } from '../../../db/connection.js';
import { type ListSpec, listIds } from '../../../db/list-query.js';
import { pageLinks } from '../../list/links.js';
import { type Query, parseListParams, selectFields, single } from '../../list/params.js';
import { listScope } from '../../auth/policy.js';
import type { ApiServices } from '../../services.js';

export interface CollectionDef<T> {
  readonly spec: ListSpec;
  readonly collectionKey: string;
  readonly linksKey: string;
  /** RBAC object name for project scoping (null for collections scoped through their parent) */
  readonly rbacObject: string | null;
  /** fields= is not one of the call's arguments (the quota list), so every attribute is always shown */
  readonly ignoresFields?: boolean;
  load(db: Db, ids: readonly string[]): Promise<T[]>;
  render(item: T): Record<string, unknown>;
}

export async function listCollection<T>(
  services: ApiServices,
  request: FastifyRequest,
  def: CollectionDef<T>,
  where: readonly RawBuilder<unknown>[] = [],
): Promise<Record<string, unknown>> {
  const query = request.query as Query;
  const params = parseListParams(query, services.config.api_settings.pagination_max_limit);
  let projectId: string | null = null;
  if (def.rbacObject) {
    projectId = listScope(services.enforcer, request.ctx, def.rbacObject, single(query.project_id) ?? null);
    params.filters.delete('project_id');
  }
  const ids = await listIds(services.db, def.spec, params, { projectId, where });
  const items = await def.load(services.db, ids);
  const fields = def.ignoresFields ? null : params.fields;
  const rendered = items.map((item) => selectFields(def.render(item), fields));
  const links = pageLinks(params, linkBase(services, request), {
    first: ids[0],
    last: ids[ids.length - 1],
    count: ids.length,
  });
  return { [def.collectionKey]: rendered, [def.linksKey]: links };
}

function linkBase(services: ApiServices, request: FastifyRequest): string {
  const path = request.url.split('?')[0] ?? '';
  const configured = services.config.api_settings.api_base_uri;
  if (configured) return `${configured.replace(/\/+$/, '')}${path}`;
  return `${request.protocol}://${request.host}${path}`;
}

/** `fields=` on a show call. */
export function showFields(request: FastifyRequest, obj: Record<string, unknown>): Record<string, unknown> {
  const params = request.query as Query;
  if (params.fields === undefined) return obj;
  const fields = (Array.isArray(params.fields) ? params.fields : [params.fields]).flatMap((f) => f.split(','));
  return selectFields(obj, fields);
}

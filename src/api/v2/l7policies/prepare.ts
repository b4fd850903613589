// L7 policy argument normalization (Octavia's validate.sanitize_l7policy_api_args), checks and row building (reused by the graph create).
import { ApiFault, notFound } from '../../../common/faults.js';
import { MAX_POLICY_POSITION } from '../../../common/constants.js';
import { newId } from '../../../common/ids.js';
import type { Db } from '../../../db/connection.js';
import type { NewL7Policy } from '../../../db/repositories/l7policies.js';
import { getPoolProtocol } from '../../../db/repositories/pools.js';
import { adminState } from '../common/body.js';
import { validatePoolProtocol } from '../listeners/prepare.js';
import type { L7PolicyPost, L7PolicySingleCreate } from './schema.js';

export interface PolicyArgs {
  action?: string | null;
  redirect_pool_id?: string | null;
  redirect_url?: string | null;
  redirect_prefix?: string | null;
  redirect_http_code?: number | null;
  /** a graph-create pool reference, resolved to redirect_pool_id later */
  redirect_pool?: unknown;
}

const argsError = (msg: string) => new ApiFault(400, `Invalid L7 Policy arguments: ${msg}`);
const actionError = (action: string) => new ApiFault(400, `Invalid L7 Policy action specified: ${action}`);

/**
 * Makes action and redirect fields consistent. Mutates and returns `args`; keys it sets to null are meant to be
 * written (on update they clear the stored value).
 */
export function sanitizePolicyArgs<T extends PolicyArgs>(args: T, create: boolean): T {
  const a = args as PolicyArgs;
  if (a.action !== undefined && a.action !== null) {
    switch (a.action) {
      case 'REJECT':
        a.redirect_url = null;
        a.redirect_pool_id = null;
        delete a.redirect_pool;
        break;
      case 'REDIRECT_TO_URL':
        if (!a.redirect_url) throw argsError('redirect_url must not be None');
        a.redirect_pool_id = null;
        delete a.redirect_pool;
        break;
      case 'REDIRECT_TO_POOL':
        if (!a.redirect_pool_id && !a.redirect_pool) throw argsError('redirect_pool_id or redirect_pool must not be None');
        a.redirect_url = null;
        break;
      case 'REDIRECT_PREFIX':
        if (!a.redirect_prefix) throw argsError('redirect_prefix must not be None');
        break;
      default:
        throw actionError(a.action);
    }
  }
  if ((a.redirect_pool_id || a.redirect_pool) && (a.redirect_url || a.redirect_prefix)) {
    throw argsError('Cannot specify redirect_pool_id and redirect_url or redirect_prefix at the same time');
  }
  if (a.redirect_pool_id || a.redirect_pool) {
    a.action = 'REDIRECT_TO_POOL';
    a.redirect_url = null;
    a.redirect_prefix = null;
    a.redirect_http_code = null;
  }
  if (a.redirect_url) {
    a.action = 'REDIRECT_TO_URL';
    a.redirect_pool_id = null;
    a.redirect_prefix = null;
    delete a.redirect_pool;
    if (!a.redirect_http_code) a.redirect_http_code = 302;
  }
  if (a.redirect_prefix) {
    a.action = 'REDIRECT_PREFIX';
    a.redirect_pool_id = null;
    a.redirect_url = null;
    delete a.redirect_pool;
    if (!a.redirect_http_code) a.redirect_http_code = 302;
  }
  if (create && !a.action) throw actionError('None');
  return args;
}

/** Redirect fields each action makes meaningless; an update naming an action clears them (Octavia's repository does). */
const CLEARED_BY_ACTION: Record<string, readonly (keyof PolicyArgs)[]> = {
  REJECT: ['redirect_url', 'redirect_pool_id', 'redirect_prefix', 'redirect_http_code'],
  REDIRECT_TO_URL: ['redirect_pool_id', 'redirect_prefix'],
  REDIRECT_TO_POOL: ['redirect_url', 'redirect_prefix', 'redirect_http_code'],
  REDIRECT_PREFIX: ['redirect_url', 'redirect_pool_id'],
};

/** For an update whose (sanitized) arguments carry an action: nulls the stored fields that action does not use. */
export function clearUnusedRedirects<T extends PolicyArgs>(args: T): T {
  const a = args as PolicyArgs;
  for (const field of a.action ? (CLEARED_BY_ACTION[a.action] ?? []) : []) (a as Record<string, unknown>)[field] = null;
  return args;
}

/** A redirect pool must exist on the listener's load balancer and speak a protocol the listener can use. */
export async function checkRedirectPool(db: Db, poolId: string, listener: { protocol: string; load_balancer_id: string }): Promise<void> {
  const pool = await getPoolProtocol(db, poolId);
  if (!pool || pool.load_balancer_id !== listener.load_balancer_id) throw notFound('Pool', poolId);
  validatePoolProtocol(listener.protocol, pool.protocol);
}

export const defaultPosition = (position: number | null | undefined): number => position ?? MAX_POLICY_POSITION;

/**
 * Builds a new policy row from a create request (POST /l7policies or one policy of the graph create) after
 * sanitizing its arguments. `redirectPool` turns the sanitized arguments into the redirect pool's id and checks it
 * (the graph create resolves a pool given by name); by default it is redirect_pool_id as given.
 */
export function prepareL7Policy(
  input: L7PolicyPost | L7PolicySingleCreate,
  listener: { id: string },
  projectId: string | null,
  redirectPool: (args: PolicyArgs) => string | null = (args) => args.redirect_pool_id ?? null,
): NewL7Policy {
  const args = sanitizePolicyArgs({ ...input }, true);
  const redirectPoolId = redirectPool(args);
  return {
    id: newId(),
    project_id: projectId,
    name: args.name ?? null,
    description: args.description ?? null,
    listener_id: listener.id,
    action: args.action as string,
    redirect_pool_id: redirectPoolId,
    redirect_url: args.redirect_url ?? null,
    redirect_prefix: args.redirect_prefix ?? null,
    redirect_http_code: args.redirect_http_code ?? null,
    position: defaultPosition(args.position),
    enabled: adminState(args.admin_state_up),
    tags: args.tags ?? [],
  };
}

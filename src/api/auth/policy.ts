// The one place authorization is decided. Action names are Octavia's (os_load-balancer_api:<object>:<verb>); the
// target carries the owning project. Under noauth every request is admin, so every rule passes, as in Octavia.
import { policyForbidden } from '../../common/faults.js';
import type { RequestContext } from './context.js';

export interface PolicyTarget {
  readonly project_id: string | null;
}

export interface PolicyEnforcer {
  /** true when allowed */
  check(ctx: RequestContext, action: string, target: PolicyTarget): boolean;
}

/** Octavia's rule for admin contexts: "is_admin:True" appears in every base rule through load-balancer:admin. */
export const adminOnlyEnforcer: PolicyEnforcer = {
  check: (ctx) => ctx.isAdmin,
};

export function authorize(enforcer: PolicyEnforcer, ctx: RequestContext, action: string, target: PolicyTarget): void {
  if (!enforcer.check(ctx, action, target)) throw policyForbidden();
}

export const action = (object: string, verb: string): string => `os_load-balancer_api:${object}:${verb}`;

/**
 * List scoping (Octavia's _auth_get_all): a caller allowed get_all-global sees every project (or the one asked
 * for); anyone else sees only their own project, and must pass get_all for it. Returns the project to filter on.
 */
export function listScope(enforcer: PolicyEnforcer, ctx: RequestContext, object: string, queryProjectId: string | null): string | null {
  if (enforcer.check(ctx, action(object, 'get_all-global'), { project_id: queryProjectId })) return queryProjectId;
  const projectId = queryProjectId ?? ctx.projectId;
  if (!projectId) throw policyForbidden();
  authorize(enforcer, ctx, action(object, 'get_all'), { project_id: projectId });
  return projectId;
}

// Callers of the policy tests, as auth_strategy = testing sees them (Octavia's header names), and what the reference
// policy matrix (octavia-rbac-quota.md §2, "Effective Zed behaviour") grants each of them per base rule.

export const PROJECT_A = 'project-a';
export const PROJECT_B = 'project-b';
export const PROJECT_OTHER = 'project-c';

export interface Persona {
  readonly name: string;
  readonly headers: Record<string, string>;
  readonly project: string | null;
  /** base rule → 'all' (any project), 'own' (only targets of its own project) or 'none' */
  readonly grants: Readonly<Record<BaseRule, Grant>>;
}

export type BaseRule = 'read' | 'read-global' | 'write' | 'admin' | 'read-quota' | 'read-quota-global' | 'write-quota';
export type Grant = 'all' | 'own' | 'none';

const NOTHING: Record<BaseRule, Grant> = {
  read: 'none',
  'read-global': 'none',
  write: 'none',
  admin: 'none',
  'read-quota': 'none',
  'read-quota-global': 'none',
  'write-quota': 'none',
};
const EVERYTHING: Record<BaseRule, Grant> = {
  read: 'all',
  'read-global': 'all',
  write: 'all',
  admin: 'all',
  'read-quota': 'all',
  'read-quota-global': 'all',
  'write-quota': 'all',
};
const GLOBAL_OBSERVER: Record<BaseRule, Grant> = {
  ...NOTHING,
  read: 'all',
  'read-global': 'all',
  'read-quota': 'all',
  'read-quota-global': 'all',
};
const MEMBER: Record<BaseRule, Grant> = { ...NOTHING, read: 'own', write: 'own', 'read-quota': 'own' };
const OBSERVER: Record<BaseRule, Grant> = { ...NOTHING, read: 'own', 'read-quota': 'own' };
const QUOTA_ADMIN: Record<BaseRule, Grant> = { ...NOTHING, 'read-quota': 'all', 'read-quota-global': 'all', 'write-quota': 'all' };

function persona(
  name: string,
  roles: string,
  project: string | null,
  grants: Record<BaseRule, Grant>,
  extra: Record<string, string> = {},
): Persona {
  const headers: Record<string, string> = { 'X-Roles': roles, 'X-User-Id': `user-${name}`, ...extra };
  if (project) headers['X-Project-Id'] = project;
  return { name, headers, project, grants };
}

export const PERSONAS: readonly Persona[] = [
  persona('admin', 'admin', PROJECT_OTHER, EVERYTHING),
  persona('system-admin', 'admin,reader,member', null, EVERYTHING, { 'OpenStack-System-Scope': 'all' }),
  persona('lb-admin', 'load-balancer_admin', PROJECT_OTHER, EVERYTHING),
  persona('global-observer', 'load-balancer_global_observer', PROJECT_OTHER, GLOBAL_OBSERVER),
  persona('system-reader', 'reader', null, GLOBAL_OBSERVER, { 'OpenStack-System-Scope': 'all' }),
  persona('quota-admin', 'load-balancer_quota_admin', PROJECT_OTHER, QUOTA_ADMIN),
  persona('member-a', 'load-balancer_member,member', PROJECT_A, MEMBER),
  persona('observer-a', 'load-balancer_observer,reader', PROJECT_A, OBSERVER),
  persona('member-b', 'load-balancer_member,member', PROJECT_B, MEMBER),
  persona('observer-b', 'load-balancer_observer', PROJECT_B, OBSERVER),
  persona('plain-member-a', 'member', PROJECT_A, NOTHING),
  persona('plain-reader-a', 'reader', PROJECT_A, NOTHING),
  persona('no-role-a', '', PROJECT_A, NOTHING),
];

export const ADMIN = PERSONAS[0]!;

/** Whether the persona passes `rule` for a target owned by `targetProject`. */
export function allowed(p: Persona, rule: BaseRule, targetProject: string | null): boolean {
  const grant = p.grants[rule];
  return grant === 'all' || (grant === 'own' && p.project !== null && p.project === targetProject);
}

// Octavia 11 (Zed) default policies with oslo.policy's defaults enforce_new_defaults=false and enforce_scope=false:
// each rule that has a deprecated predecessor is OR'ed with it, exactly as oslo.policy evaluates it then.
// Data only; the enforcer (enforcer.ts) evaluates it and lets a policy file override any name.

const API_ADMIN = 'rule:load-balancer:admin';
const API_READ = 'rule:load-balancer:read';
const API_READ_GLOBAL = 'rule:load-balancer:read-global';
const API_WRITE = 'rule:load-balancer:write';
const API_READ_QUOTA = 'rule:load-balancer:read-quota';
const API_READ_QUOTA_GLOBAL = 'rule:load-balancer:read-quota-global';
const API_WRITE_QUOTA = 'rule:load-balancer:write-quota';

export const BASE_RULES: Readonly<Record<string, string>> = {
  'system-admin': 'role:admin and system_scope:all',
  'system-reader': 'role:reader and system_scope:all',
  'project-member': 'role:member and project_id:%(project_id)s',
  'project-reader': 'role:reader and project_id:%(project_id)s',
  context_is_admin: '(role:load-balancer_admin or rule:system-admin) or (role:admin or role:load-balancer_admin)',
  'load-balancer:owner': 'project_id:%(project_id)s',
  'load-balancer:observer_and_owner':
    '(role:load-balancer_observer and rule:project-reader) or (role:load-balancer_observer and rule:load-balancer:owner)',
  'load-balancer:global_observer': 'role:load-balancer_global_observer or rule:system-reader',
  'load-balancer:member_and_owner':
    '(role:load-balancer_member and rule:project-member) or (role:load-balancer_member and rule:load-balancer:owner)',
  'load-balancer:admin': 'is_admin:True or role:load-balancer_admin or rule:system-admin',
  'load-balancer:read':
    'rule:load-balancer:observer_and_owner or rule:load-balancer:global_observer or ' +
    'rule:load-balancer:member_and_owner or rule:load-balancer:admin',
  'load-balancer:read-global': 'rule:load-balancer:global_observer or rule:load-balancer:admin',
  'load-balancer:write': 'rule:load-balancer:member_and_owner or rule:load-balancer:admin',
  'load-balancer:read-quota':
    'rule:load-balancer:observer_and_owner or rule:load-balancer:global_observer or ' +
    'rule:load-balancer:member_and_owner or role:load-balancer_quota_admin or rule:load-balancer:admin',
  'load-balancer:read-quota-global': 'rule:load-balancer:global_observer or role:load-balancer_quota_admin or rule:load-balancer:admin',
  'load-balancer:write-quota': 'role:load-balancer_quota_admin or rule:load-balancer:admin',
};

const crud = (read: string, write: string, global: boolean) => ({
  get_all: read,
  ...(global ? { 'get_all-global': API_READ_GLOBAL } : {}),
  get_one: read,
  post: write,
  put: write,
  delete: write,
});

/** object → verb → base rule; one entry per API action Octavia registers (octavia/policies/*.py). */
export const ACTION_RULES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  loadbalancer: {
    ...crud(API_READ, API_WRITE, true),
    get_stats: API_READ,
    get_status: API_READ,
    put_failover: API_ADMIN,
  },
  listener: { ...crud(API_READ, API_WRITE, true), get_stats: API_READ },
  pool: crud(API_READ, API_WRITE, true),
  member: crud(API_READ, API_WRITE, false),
  healthmonitor: crud(API_READ, API_WRITE, true),
  l7policy: crud(API_READ, API_WRITE, true),
  l7rule: crud(API_READ, API_WRITE, false),
  quota: {
    get_all: API_READ_QUOTA,
    'get_all-global': API_READ_QUOTA_GLOBAL,
    get_one: API_READ_QUOTA,
    put: API_WRITE_QUOTA,
    delete: API_WRITE_QUOTA,
    get_defaults: API_READ_QUOTA,
  },
  amphora: {
    get_all: API_ADMIN,
    get_one: API_ADMIN,
    delete: API_ADMIN,
    put_config: API_ADMIN,
    put_failover: API_ADMIN,
    get_stats: API_ADMIN,
  },
  provider: { get_all: API_READ },
  'provider-flavor': { get_all: API_ADMIN },
  'provider-availability-zone': { get_all: API_ADMIN },
  flavor: { get_all: API_READ, get_one: API_READ, post: API_ADMIN, put: API_ADMIN, delete: API_ADMIN },
  'flavor-profile': { get_all: API_ADMIN, get_one: API_ADMIN, post: API_ADMIN, put: API_ADMIN, delete: API_ADMIN },
  'availability-zone': { get_all: API_READ, get_one: API_READ, post: API_ADMIN, put: API_ADMIN, delete: API_ADMIN },
  'availability-zone-profile': {
    get_all: API_ADMIN,
    get_one: API_ADMIN,
    post: API_ADMIN,
    put: API_ADMIN,
    delete: API_ADMIN,
  },
};

/** Every default rule by its registered name (base rules and os_load-balancer_api:<object>:<verb> actions). */
export function defaultPolicies(): Record<string, string> {
  const out: Record<string, string> = { ...BASE_RULES };
  for (const [object, verbs] of Object.entries(ACTION_RULES)) {
    for (const [verb, rule] of Object.entries(verbs)) out[`os_load-balancer_api:${object}:${verb}`] = rule;
  }
  return out;
}

// The one place a request's identity is built. noauth takes it from headers, as Octavia's noauth does;
// keystone (a later issue) will take it from a validated token.
import type { IncomingHttpHeaders } from 'node:http';

export interface RequestContext {
  readonly projectId: string | null;
  readonly userId: string | null;
  readonly roles: readonly string[];
  readonly domainId: string | null;
  readonly userDomainId: string | null;
  readonly projectDomainId: string | null;
  readonly systemScope: string | null;
  /** true for every noauth request (Octavia: context_is_admin or auth_strategy == noauth) */
  readonly isAdmin: boolean;
  readonly authStrategy: string;
}

function header(headers: IncomingHttpHeaders, ...names: string[]): string | null {
  for (const name of names) {
    const value = headers[name];
    const v = Array.isArray(value) ? value[0] : value;
    if (v !== undefined && v !== '') return v;
  }
  return null;
}

export function noauthContext(headers: IncomingHttpHeaders): RequestContext {
  const roles = header(headers, 'x-roles');
  return {
    projectId: header(headers, 'x-project-id', 'x-tenant-id', 'x-tenant'),
    userId: header(headers, 'x-user-id', 'x-user'),
    roles: roles ? roles.split(',').map((r) => r.trim()).filter((r) => r !== '') : [],
    domainId: header(headers, 'x-domain-id'),
    userDomainId: header(headers, 'x-user-domain-id'),
    projectDomainId: header(headers, 'x-project-domain-id'),
    systemScope: header(headers, 'openstack-system-scope'),
    isAdmin: true,
    authStrategy: 'noauth',
  };
}

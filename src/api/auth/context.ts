// The one place a request's identity is built. noauth and testing take it from headers, as Octavia's do (noauth makes
// every request admin; testing computes is_admin from the context_is_admin rule); keystone takes it from a token
// Keystone validated (authenticate.ts).
import type { IncomingHttpHeaders } from 'node:http';
import type { TokenInfo } from './keystone.js';

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

export type Identity = Omit<RequestContext, 'isAdmin' | 'authStrategy'>;

function headerIdentity(headers: IncomingHttpHeaders): Identity {
  const roles = header(headers, 'x-roles');
  return {
    projectId: header(headers, 'x-project-id', 'x-tenant-id', 'x-tenant'),
    userId: header(headers, 'x-user-id', 'x-user'),
    roles: roles
      ? roles
          .split(',')
          .map((r) => r.trim())
          .filter((r) => r !== '')
      : [],
    domainId: header(headers, 'x-domain-id'),
    userDomainId: header(headers, 'x-user-domain-id'),
    projectDomainId: header(headers, 'x-project-domain-id'),
    systemScope: header(headers, 'openstack-system-scope'),
  };
}

/** auth_strategy = testing: identity from headers, but is_admin only when the context_is_admin rule says so. */
export function testingContext(
  headers: IncomingHttpHeaders,
  isAdmin: (identity: Identity & { authStrategy: string }) => boolean,
): RequestContext {
  const identity = { ...headerIdentity(headers), authStrategy: 'testing' };
  return { ...identity, isAdmin: isAdmin(identity) };
}

/** auth_strategy = keystone: identity from the validated token; request headers are never trusted. */
export function keystoneContext(token: TokenInfo, isAdmin: (identity: Identity & { authStrategy: string }) => boolean): RequestContext {
  const identity = {
    projectId: token.projectId,
    userId: token.userId,
    roles: token.roles,
    domainId: token.domainId,
    userDomainId: token.userDomainId,
    projectDomainId: token.projectDomainId,
    systemScope: token.systemScope,
    authStrategy: 'keystone',
  };
  return { ...identity, isAdmin: isAdmin(identity) };
}

export function noauthContext(headers: IncomingHttpHeaders): RequestContext {
  return { ...headerIdentity(headers), isAdmin: true, authStrategy: 'noauth' };
}

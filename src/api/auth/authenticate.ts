// Turns a request into its context according to [api_settings] auth_strategy. Under keystone a request without a
// valid token is answered 401 with keystonemiddleware's body and WWW-Authenticate header, except on the paths
// Octavia's SkippingAuthProtocol lets through (version discovery, health check).
import type { IncomingHttpHeaders } from 'node:http';
import { ApiFault } from '../../common/faults.js';
import { keystoneContext, noauthContext, type RequestContext, testingContext } from './context.js';
import type { RuleEnforcer } from './enforcer.js';
import { KeystoneUnavailableError, type KeystoneTokenValidator } from './keystone.js';

const NOAUTH_PATHS = new Set(['/', '/load-balancer/', '/healthcheck', '/load-balancer/healthcheck']);

/** keystonemiddleware's 401: a JSON error document plus the Keystone endpoint to authenticate against. */
export class UnauthorizedError extends Error {
  override readonly name = 'UnauthorizedError';
  constructor(readonly authenticateUri: string) {
    super('The request you have made requires authentication.');
  }

  body(): unknown {
    return { error: { code: 401, title: 'Unauthorized', message: this.message } };
  }
}

export type Authenticate = (headers: IncomingHttpHeaders, path: string) => Promise<RequestContext>;

const anonymous: RequestContext = {
  projectId: null,
  userId: null,
  roles: [],
  domainId: null,
  userDomainId: null,
  projectDomainId: null,
  systemScope: null,
  isAdmin: false,
  authStrategy: 'keystone',
};

export function createAuthenticator(
  strategy: string,
  enforcer: RuleEnforcer | null,
  keystone: KeystoneTokenValidator | null,
): Authenticate {
  if (strategy === 'noauth') return async (headers) => noauthContext(headers);
  if (!enforcer) throw new Error(`auth_strategy = ${strategy} needs a policy enforcer`);
  const isAdmin = enforcer.isAdmin.bind(enforcer);
  if (strategy === 'testing') return async (headers) => testingContext(headers, isAdmin);
  if (strategy !== 'keystone' || !keystone) throw new Error(`unknown auth_strategy ${strategy}`);
  return async (headers, path) => {
    if (NOAUTH_PATHS.has(path)) return anonymous;
    const raw = headers['x-auth-token'];
    const token = Array.isArray(raw) ? raw[0] : raw;
    if (!token) throw new UnauthorizedError(keystone.authenticateUri);
    let info;
    try {
      info = await keystone.validate(token);
    } catch (err) {
      // keystonemiddleware answers 503 when it cannot reach the identity service
      if (err instanceof KeystoneUnavailableError)
        throw new ApiFault(503, 'The server is currently unavailable. Please try again at a later time.');
      throw err;
    }
    if (!info) throw new UnauthorizedError(keystone.authenticateUri);
    return keystoneContext(info, isAdmin);
  };
}

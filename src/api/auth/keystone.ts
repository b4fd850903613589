// Token validation against Keystone v3, as keystonemiddleware's auth_token does it: the service user's own token
// (X-Auth-Token) asks GET /v3/auth/tokens about the caller's token (X-Subject-Token). Valid tokens are cached
// until they expire or token_cache_time passes, whichever is first.
import type { OctaviaConfig } from '../../config/config.js';
import { TokenCache } from './token-cache.js';

export interface TokenInfo {
  readonly userId: string | null;
  readonly userName: string | null;
  readonly userDomainId: string | null;
  readonly projectId: string | null;
  readonly projectName: string | null;
  readonly projectDomainId: string | null;
  readonly domainId: string | null;
  readonly roles: readonly string[];
  /** "all" for a system-scoped token */
  readonly systemScope: string | null;
  readonly expiresAt: number;
}

export class KeystoneUnavailableError extends Error {
  override readonly name = 'KeystoneUnavailableError';
}

/** [keystone_authtoken] lacks what token validation needs: a startup error, not a request error. */
export class KeystoneConfigError extends Error {
  override readonly name = 'KeystoneConfigError';
}

type Settings = OctaviaConfig['keystone_authtoken'];

const MAX_CACHED_TOKENS = 10_000;
/** the service token is renewed this long before it expires (a quarter of its lifetime when that is shorter) */
const SERVICE_TOKEN_MARGIN_MS = 60_000;

interface KeystoneTokenBody {
  token?: {
    expires_at?: string;
    user?: { id?: string; name?: string; domain?: { id?: string } };
    project?: { id?: string; name?: string; domain?: { id?: string } };
    domain?: { id?: string };
    system?: { all?: boolean };
    roles?: { name?: string }[];
  };
}

export function tokenInfo(body: KeystoneTokenBody): TokenInfo | null {
  const t = body.token;
  if (!t?.expires_at) return null;
  const expiresAt = Date.parse(t.expires_at);
  if (!Number.isFinite(expiresAt)) return null;
  return {
    userId: t.user?.id ?? null,
    userName: t.user?.name ?? null,
    userDomainId: t.user?.domain?.id ?? null,
    projectId: t.project?.id ?? null,
    projectName: t.project?.name ?? null,
    projectDomainId: t.project?.domain?.id ?? null,
    domainId: t.domain?.id ?? null,
    roles: (t.roles ?? []).map((r) => r.name ?? '').filter((n) => n !== ''),
    systemScope: t.system?.all ? 'all' : null,
    expiresAt,
  };
}

export class KeystoneTokenValidator {
  private readonly cache = new TokenCache<TokenInfo>(MAX_CACHED_TOKENS);
  private serviceToken: { token: string; renewAt: number } | null = null;
  private serviceTokenPending: Promise<string> | null = null;
  /** GET /v3/auth/tokens calls made (the cache's effect is measured by tests and the benchmark) */
  remoteValidations = 0;

  constructor(private readonly settings: Settings) {
    if (!settings.auth_url) throw new KeystoneConfigError('[keystone_authtoken] auth_url is required with auth_strategy = keystone');
    if (!settings.username || !settings.password || !settings.project_name) {
      throw new KeystoneConfigError('[keystone_authtoken] username, password and project_name are required with auth_strategy = keystone');
    }
  }

  /** The URI named in WWW-Authenticate on a 401. */
  get authenticateUri(): string {
    return this.settings.www_authenticate_uri ?? this.settings.auth_url ?? '';
  }

  private url(path: string): string {
    return `${(this.settings.auth_url ?? '').replace(/\/+$/, '').replace(/\/v3$/, '')}${path}`;
  }

  private timeoutSignal(): AbortSignal {
    return AbortSignal.timeout((this.settings.http_connect_timeout ?? 10) * 1000);
  }

  /** The caller's identity, or null when Keystone does not know the token (invalid, expired, revoked). */
  async validate(token: string): Promise<TokenInfo | null> {
    const cached = this.cache.get(token);
    if (cached) return cached;
    let answer = await this.ask(token, await this.getServiceToken(false));
    if (answer.status === 401) answer = await this.ask(token, await this.getServiceToken(true));
    if (answer.status === 404 || answer.status === 401) return null;
    if (answer.status !== 200) throw new KeystoneUnavailableError(`Keystone answered ${answer.status} to token validation`);
    const info = tokenInfo(answer.body as KeystoneTokenBody);
    if (!info || info.expiresAt <= Date.now()) return null;
    const cacheUntil = Math.min(info.expiresAt, Date.now() + this.settings.token_cache_time * 1000);
    this.cache.set(token, info, cacheUntil);
    return info;
  }

  private async ask(token: string, serviceToken: string): Promise<{ status: number; body: unknown }> {
    this.remoteValidations++;
    let res: Response | undefined;
    // a kept-alive connection the server has just closed fails the first try; the GET is safe to repeat once
    for (let attempt = 1; !res; attempt++) {
      try {
        res = await fetch(this.url('/v3/auth/tokens'), {
          headers: { 'X-Auth-Token': serviceToken, 'X-Subject-Token': token, Accept: 'application/json' },
          signal: this.timeoutSignal(),
        });
      } catch (err) {
        if (attempt >= 2) throw new KeystoneUnavailableError(`Keystone unreachable: ${(err as Error).message}`);
      }
    }
    const text = await res.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    return { status: res.status, body };
  }

  private async getServiceToken(renew: boolean): Promise<string> {
    if (!renew && this.serviceToken && this.serviceToken.renewAt > Date.now()) {
      return this.serviceToken.token;
    }
    // one login at a time: concurrent requests wait for the same one
    this.serviceTokenPending ??= this.login().finally(() => {
      this.serviceTokenPending = null;
    });
    return this.serviceTokenPending;
  }

  private async login(): Promise<string> {
    const s = this.settings;
    const userDomain = s.user_domain_id ? { id: s.user_domain_id } : { name: s.user_domain_name };
    const projectDomain = s.project_domain_id ? { id: s.project_domain_id } : { name: s.project_domain_name };
    const body = {
      auth: {
        identity: { methods: ['password'], password: { user: { name: s.username, domain: userDomain, password: s.password } } },
        scope: { project: { name: s.project_name, domain: projectDomain } },
      },
    };
    let res: Response;
    try {
      res = await fetch(this.url('/v3/auth/tokens'), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify(body),
        signal: this.timeoutSignal(),
      });
    } catch (err) {
      throw new KeystoneUnavailableError(`Keystone unreachable: ${(err as Error).message}`);
    }
    const token = res.headers.get('x-subject-token');
    const info = res.status === 201 ? tokenInfo((await res.json()) as KeystoneTokenBody) : null;
    if (!token || !info) {
      throw new KeystoneUnavailableError(`the service user could not log in to Keystone (status ${res.status})`);
    }
    const lifetime = info.expiresAt - Date.now();
    this.serviceToken = { token, renewAt: info.expiresAt - Math.min(SERVICE_TOKEN_MARGIN_MS, lifetime / 4) };
    return token;
  }
}

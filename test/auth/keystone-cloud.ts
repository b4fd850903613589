// Projects, users and roles in a test Keystone, created through Keystone's own v3 API as its bootstrap admin, and
// password logins that return project-scoped tokens.
import type { Overrides } from '../support/api-harness.js';
import type { KeystoneServer } from './keystone-server.js';

export const LB_ROLES = [
  'load-balancer_member',
  'load-balancer_observer',
  'load-balancer_global_observer',
  'load-balancer_admin',
  'load-balancer_quota_admin',
  'service',
  'member',
  'reader',
] as const;

export interface CloudUser {
  readonly name: string;
  readonly password: string;
  readonly project: string;
  readonly projectId: string;
}

export class KeystoneCloud {
  private adminToken = '';
  private adminTokenAt = 0;
  readonly projectIds = new Map<string, string>();
  private readonly roleIds = new Map<string, string>();

  constructor(readonly keystone: KeystoneServer) {}

  async login(user: string, password: string, project: string): Promise<{ token: string; body: any }> {
    const res = await fetch(`${this.keystone.url}/v3/auth/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        auth: {
          identity: { methods: ['password'], password: { user: { name: user, domain: { id: 'default' }, password } } },
          scope: { project: { name: project, domain: { id: 'default' } } },
        },
      }),
    });
    const token = res.headers.get('x-subject-token');
    if (res.status !== 201 || !token) throw new Error(`login of ${user} failed: ${res.status} ${await res.text()}`);
    return { token, body: await res.json() };
  }

  private async call(method: string, path: string, body?: unknown): Promise<any> {
    // tests run Keystone with short token lifetimes: log in again rather than hold an admin token for long
    if (Date.now() - this.adminTokenAt > 5000) {
      this.adminToken = (await this.login('admin', this.keystone.adminPassword, 'admin')).token;
      this.adminTokenAt = Date.now();
    }
    const res = await fetch(`${this.keystone.url}/v3${path}`, {
      method,
      headers: { 'x-auth-token': this.adminToken, 'content-type': 'application/json', connection: 'close' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (res.status >= 300) throw new Error(`Keystone ${method} ${path}: ${res.status} ${await res.text()}`);
    return res.status === 204 ? undefined : res.json();
  }

  async setUp(projects: readonly string[]): Promise<void> {
    const existing = (await this.call('GET', '/roles')).roles as { id: string; name: string }[];
    for (const r of existing) this.roleIds.set(r.name, r.id);
    for (const role of LB_ROLES) {
      if (!this.roleIds.has(role)) this.roleIds.set(role, (await this.call('POST', '/roles', { role: { name: role } })).role.id);
    }
    const admin = ((await this.call('GET', '/projects?name=admin')).projects as { id: string }[])[0]!;
    this.projectIds.set('admin', admin.id);
    for (const name of projects) {
      this.projectIds.set(name, (await this.call('POST', '/projects', { project: { name, domain_id: 'default' } })).project.id);
    }
  }

  /** A service of `type` in Keystone's catalog with one public endpoint in the bootstrap region (RegionOne). */
  async catalogEntry(type: string, name: string, url: string): Promise<void> {
    const service = (await this.call('POST', '/services', { service: { type, name, enabled: true } })).service;
    await this.call('POST', '/endpoints', {
      endpoint: { service_id: service.id, interface: 'public', url, region_id: 'RegionOne', enabled: true },
    });
  }

  /** A user with `roles` on `project`. */
  async user(name: string, project: string, roles: readonly string[], password = `pw-${name}`): Promise<CloudUser> {
    const user = (await this.call('POST', '/users', { user: { name, password, domain_id: 'default' } })).user;
    const projectId = this.projectIds.get(project)!;
    for (const role of roles) await this.call('PUT', `/projects/${projectId}/users/${user.id}/roles/${this.roleIds.get(role)}`);
    return { name, password, project, projectId };
  }

  /** Keystone's bootstrap admin, in the admin project. */
  admin(): CloudUser {
    return { name: 'admin', password: this.keystone.adminPassword, project: 'admin', projectId: this.projectIds.get('admin')! };
  }

  /** The harness overrides of an API that validates tokens with this Keystone, as service user `octavia`. */
  apiOverrides(octavia: CloudUser): Overrides {
    return {
      api_settings: { auth_strategy: 'keystone' },
      keystone_authtoken: {
        auth_url: this.keystone.url,
        www_authenticate_uri: `${this.keystone.url}/v3`,
        username: octavia.name,
        password: octavia.password,
        project_name: octavia.project,
      },
    };
  }

  async token(user: CloudUser): Promise<string> {
    return (await this.login(user.name, user.password, user.project)).token;
  }

  /** DELETE /v3/auth/tokens by the token's own user: the token is revoked at once. */
  async revoke(token: string): Promise<void> {
    const res = await fetch(`${this.keystone.url}/v3/auth/tokens`, {
      method: 'DELETE',
      headers: { 'x-auth-token': token, 'x-subject-token': token },
    });
    if (res.status !== 204) throw new Error(`revoke failed: ${res.status} ${await res.text()}`);
  }
}

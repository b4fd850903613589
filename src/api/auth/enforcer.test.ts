import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { RequestContext } from './context.js';
import { PolicyFileError, RuleEnforcer } from './enforcer.js';

const ctx = (roles: string[], projectId: string | null, extra: Partial<RequestContext> = {}): RequestContext => {
  const base = {
    projectId,
    userId: 'u',
    roles,
    domainId: null,
    userDomainId: null,
    projectDomainId: null,
    systemScope: null,
    authStrategy: 'testing',
  };
  return { ...base, isAdmin: new RuleEnforcer().isAdmin(base), ...extra };
};
const dir = mkdtempSync(join(tmpdir(), 'octavia-policy-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('RuleEnforcer', () => {
  const e = new RuleEnforcer();
  it('computes is_admin from context_is_admin (deprecated admin role included)', () => {
    assert.equal(ctx(['admin'], 'p').isAdmin, true);
    assert.equal(ctx(['load-balancer_admin'], 'p').isAdmin, true);
    assert.equal(ctx(['load-balancer_member'], 'p').isAdmin, false);
  });
  it('owner checks for the member role', () => {
    const c = ctx(['load-balancer_member'], 'p');
    assert.equal(e.check(c, 'os_load-balancer_api:loadbalancer:put', { project_id: 'p' }), true);
    assert.equal(e.check(c, 'os_load-balancer_api:loadbalancer:put', { project_id: 'q' }), false);
    assert.equal(e.check(c, 'os_load-balancer_api:loadbalancer:put_failover', { project_id: 'p' }), false);
  });
  it('an unregistered action is an error, not a denial', () => {
    assert.throws(() => e.check(ctx([], 'p'), 'os_load-balancer_api:nothing:get', { project_id: 'p' }));
  });
  it('a YAML policy file overrides rules by name', () => {
    const file = join(dir, 'policy.yaml');
    writeFileSync(
      file,
      [
        '"load-balancer:write": "role:lb_writer and project_id:%(project_id)s"',
        'os_load-balancer_api:flavor:get_all: "!"',
        'os_load-balancer_api:provider:get_all: "@"',
      ].join('\n'),
    );
    const custom = RuleEnforcer.fromFile(file);
    assert.equal(custom.check(ctx(['lb_writer'], 'p'), 'os_load-balancer_api:pool:post', { project_id: 'p' }), true);
    assert.equal(custom.check(ctx(['load-balancer_member'], 'p'), 'os_load-balancer_api:pool:post', { project_id: 'p' }), false);
    assert.equal(custom.check(ctx(['admin'], 'p'), 'os_load-balancer_api:flavor:get_all', { project_id: 'p' }), false);
    assert.equal(custom.check(ctx([], null), 'os_load-balancer_api:provider:get_all', { project_id: null }), true);
  });
  it('refuses a file with a malformed rule or a non-mapping', () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, '"load-balancer:write": "role:a and"\n');
    assert.throws(() => RuleEnforcer.fromFile(bad), PolicyFileError);
    writeFileSync(bad, '- a\n- b\n');
    assert.throws(() => RuleEnforcer.fromFile(bad), PolicyFileError);
  });
});

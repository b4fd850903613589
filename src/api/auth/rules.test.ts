import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Credentials, evaluate, parseRule, RuleSyntaxError } from './rules.js';

const creds = (over: Partial<Credentials> = {}): Credentials => ({
  roles: [],
  project_id: 'p1',
  user_id: 'u1',
  system_scope: null,
  domain_id: null,
  user_domain_id: null,
  project_domain_id: null,
  is_admin: false,
  ...over,
});
const check = (
  rule: string,
  c: Credentials,
  target: Record<string, string | null> = { project_id: 'p1' },
  named: Record<string, string> = {},
) => evaluate(parseRule(rule), c, target, (n) => (named[n] === undefined ? undefined : parseRule(named[n]!)));

describe('oslo.policy rule subset', () => {
  it('"@", "" and "!"', () => {
    assert.equal(check('@', creds()), true);
    assert.equal(check('', creds()), true);
    assert.equal(check('!', creds()), false);
  });
  it('role: is case-insensitive against lower-cased credentials', () => {
    assert.equal(check('role:Load-Balancer_Member', creds({ roles: ['load-balancer_member'] })), true);
    assert.equal(check('role:admin', creds({ roles: ['member'] })), false);
  });
  it('project_id:%(project_id)s compares with the target; a missing target key fails', () => {
    assert.equal(check('project_id:%(project_id)s', creds()), true);
    assert.equal(check('project_id:%(project_id)s', creds(), { project_id: 'p2' }), false);
    assert.equal(check('project_id:%(project_id)s', creds(), {}), false);
    assert.equal(check('system_scope:all', creds({ system_scope: 'all' })), true);
  });
  it('not > and > or, with parentheses', () => {
    const c = creds({ roles: ['a'] });
    assert.equal(check('role:a or role:b and role:c', c), true);
    assert.equal(check('(role:a or role:b) and role:c', c), false);
    assert.equal(check('not role:b and role:a', c), true);
    assert.equal(check('not (role:a or role:b)', c), false);
    assert.equal(check('(role:x or (role:a and project_id:%(project_id)s))', c), true);
  });
  it('rule: resolves named rules; unknown names fail', () => {
    assert.equal(check('rule:owner', creds(), undefined, { owner: 'project_id:%(project_id)s' }), true);
    assert.equal(check('rule:missing', creds()), false);
  });
  it('is_admin:True reads the computed admin flag', () => {
    assert.equal(check('is_admin:True', creds({ is_admin: true })), true);
    assert.equal(check('is_admin:True', creds()), false);
    assert.equal(check('is_admin:False', creds()), true);
  });
  it('rejects malformed rules', () => {
    for (const bad of ['role:a and', '(role:a', 'role:a)', 'or role:a', 'nonsense']) {
      assert.throws(() => parseRule(bad), RuleSyntaxError, bad);
    }
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderL7Policies, renderRuleAcl } from './acl.js';
import { HaproxyRenderError } from './guard.js';
import { policy, rule } from './test-fixtures.js';

const backendOf = (poolId: string): string | null => (poolId === 'pool-on' ? `${poolId}:listener` : null);

describe('L7 policies', () => {
  it('maps every rule type and compare type', () => {
    assert.equal(renderRuleAcl(rule('r', 'HOST_NAME', 'ENDS_WITH', '.example.com')), 'acl r req.hdr(host) -i -m end .example.com');
    assert.equal(renderRuleAcl(rule('r', 'PATH', 'REGEX', '^/a b')), 'acl r path -m reg ^/a\\ b');
    assert.equal(renderRuleAcl(rule('r', 'FILE_TYPE', 'EQUAL_TO', 'png')), 'acl r path_end png');
    assert.equal(renderRuleAcl(rule('r', 'FILE_TYPE', 'REGEX', 'png|jpg')), 'acl r path_end -m reg png|jpg');
    assert.equal(renderRuleAcl(rule('r', 'HEADER', 'STARTS_WITH', 'v1', { key: 'X-Ver' })), 'acl r req.hdr(X-Ver) -m beg v1');
    assert.equal(renderRuleAcl(rule('r', 'COOKIE', 'CONTAINS', 'beta', { key: 'release' })), 'acl r req.cook(release) -m sub beta');
    assert.equal(renderRuleAcl(rule('r', 'SSL_CONN_HAS_CERT', 'EQUAL_TO', 'True')), 'acl r ssl_c_used');
    assert.equal(renderRuleAcl(rule('r', 'SSL_VERIFY_RESULT', 'EQUAL_TO', '0')), 'acl r ssl_c_verify eq 0');
    assert.equal(renderRuleAcl(rule('r', 'SSL_DN_FIELD', 'EQUAL_TO', 'ops', { key: 'OU' })), 'acl r ssl_c_s_dn(OU) -m str ops');
  });

  it('keeps values starting with "-" from being read as flags', () => {
    assert.equal(renderRuleAcl(rule('r', 'PATH', 'STARTS_WITH', '-i')), 'acl r path -m beg -- -i');
  });

  it('refuses injection through rule values, keys and redirect URLs', () => {
    const attack = 'x\n    server evil 1.2.3.4:80';
    assert.throws(() => renderRuleAcl(rule('r', 'PATH', 'EQUAL_TO', attack)), HaproxyRenderError);
    assert.throws(() => renderRuleAcl(rule('r', 'HEADER', 'EQUAL_TO', 'v', { key: 'X-A) || true' })), HaproxyRenderError);
    assert.throws(() => renderRuleAcl(rule('r', 'HEADER', 'EQUAL_TO', 'v')), /needs a key/);
    assert.throws(() => renderRuleAcl(rule('r', 'SSL_VERIFY_RESULT', 'EQUAL_TO', '0 || 1')), HaproxyRenderError);
    assert.throws(() => renderRuleAcl(rule('r\nacl', 'PATH', 'EQUAL_TO', '/')), HaproxyRenderError);
    const url = policy('p', 'REDIRECT_TO_URL', 1, [rule('r', 'PATH', 'EQUAL_TO', '/')], { redirect_url: `https://a/${attack}` });
    assert.throws(() => renderL7Policies([url], backendOf), HaproxyRenderError);
    const code = policy('p', 'REDIRECT_PREFIX', 1, [rule('r', 'PATH', 'EQUAL_TO', '/')], {
      redirect_prefix: 'https://a',
      redirect_http_code: 200,
    });
    assert.throws(() => renderL7Policies([code], backendOf), /redirect_http_code/);
  });

  it('groups actions in HAProxy evaluation order, position order inside a group', () => {
    const lines = renderL7Policies(
      [
        policy('p-pool', 'REDIRECT_TO_POOL', 1, [rule('r1', 'PATH', 'EQUAL_TO', '/a')], { redirect_pool_id: 'pool-on' }),
        policy('p-prefix', 'REDIRECT_PREFIX', 3, [rule('r3', 'PATH', 'EQUAL_TO', '/c')], { redirect_prefix: 'https://c' }),
        policy('p-url', 'REDIRECT_TO_URL', 2, [rule('r2', 'PATH', 'EQUAL_TO', '/b')], {
          redirect_url: 'https://b',
          redirect_http_code: 308,
        }),
        policy('p-deny', 'REJECT', 4, [rule('r4', 'PATH', 'EQUAL_TO', '/d', { invert: true }), rule('r5', 'PATH', 'EQUAL_TO', '/e')]),
      ],
      backendOf,
    );
    assert.deepEqual(lines, [
      'acl r4 path -m str /d',
      'acl r5 path -m str /e',
      'http-request deny if !r4 r5',
      'acl r2 path -m str /b',
      'redirect code 308 location https://b if r2',
      'acl r3 path -m str /c',
      'redirect prefix https://c if r3',
      'acl r1 path -m str /a',
      'use_backend pool-on:listener if r1',
    ]);
  });

  it('leaves out disabled policies, disabled rules and redirects to pools without a backend', () => {
    const lines = renderL7Policies(
      [
        policy('p-off', 'REJECT', 1, [rule('r1', 'PATH', 'EQUAL_TO', '/a')], { enabled: false }),
        policy('p-rules-off', 'REJECT', 2, [rule('r2', 'PATH', 'EQUAL_TO', '/b', { enabled: false })]),
        policy('p-pool-off', 'REDIRECT_TO_POOL', 3, [rule('r3', 'PATH', 'EQUAL_TO', '/c')], { redirect_pool_id: 'pool-off' }),
        policy('p-mixed', 'REJECT', 4, [rule('r4', 'PATH', 'EQUAL_TO', '/d'), rule('r5', 'PATH', 'EQUAL_TO', '/e', { enabled: false })]),
      ],
      backendOf,
    );
    assert.deepEqual(lines, ['acl r4 path -m str /d', 'http-request deny if r4']);
  });
});

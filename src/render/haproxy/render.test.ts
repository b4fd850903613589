// Golden files: each fixture graph renders to exactly golden/<name>.cfg. After an intended change of the output,
// regenerate with UPDATE_GOLDEN=1 and review the diff (test/e2e/haproxy-check.test.ts runs haproxy on them).

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { HaproxyRenderError, renderHaproxyConfig } from './render.js';
import { GOLDEN_CASES, GOLDEN_FD_LIMIT, GOLDEN_LB_DIR, listener, loadBalancer, member, pool } from './test-fixtures.js';

const goldenPath = (name: string): string => fileURLToPath(new URL(`./golden/${name}.cfg`, import.meta.url));

function render(name: string) {
  const golden = GOLDEN_CASES.find((c) => c.name === name);
  assert.ok(golden, name);
  return renderHaproxyConfig(golden.graph, {
    amphoraId: 'amphora-golden',
    lbDir: GOLDEN_LB_DIR,
    fdLimit: GOLDEN_FD_LIMIT,
    ...(golden.defaults ? { defaults: golden.defaults } : {}),
  });
}

describe('renderHaproxyConfig golden files', () => {
  for (const { name } of GOLDEN_CASES) {
    it(name, () => {
      const { text } = render(name);
      if (process.env.UPDATE_GOLDEN === '1') writeFileSync(goldenPath(name), text);
      assert.equal(text, readFileSync(goldenPath(name), 'utf8'));
    });
  }
});

describe('renderHaproxyConfig notes and errors', () => {
  it('notes every maxconn it caps', () => {
    // 50000 + 3000 wanted; (20000 fds - 1000 reserve - 2 listeners × 3 VIPs) / 2.5 fds per connection = 7597
    const { notes } = render('maxconn-capped-additional-vips');
    assert.deepEqual(notes, [
      'global maxconn capped from 53000 to 7597 by the open-file limit 20000',
      'listener listener-big maxconn capped from 50000 to the global maxconn 7597',
    ]);
  });

  it('notes a disabled load balancer', () => {
    assert.match(render('load-balancer-disabled').notes.join('\n'), /load balancer is disabled/);
  });

  it('has no notes when nothing is capped or left out', () => {
    assert.deepEqual(render('pool-tls-user-group').notes, []);
  });

  it('notes L7 policies left out of a TCP listener and ACTIVE_STANDBY without peers', () => {
    const graph = loadBalancer(
      [
        listener('listener-tcp', 'TCP', 18200, {
          connection_limit: 100,
          l7policies: [
            {
              id: 'p',
              action: 'REJECT',
              position: 1,
              redirect_pool_id: null,
              redirect_url: null,
              redirect_prefix: null,
              redirect_http_code: null,
              enabled: true,
              rules: [{ id: 'r', type: 'PATH', compare_type: 'EQUAL_TO', key: null, value: '/', invert: false, enabled: true }],
            },
          ],
        }),
      ],
      [],
      { topology: 'ACTIVE_STANDBY' },
    );
    const { text, notes } = renderHaproxyConfig(graph, { amphoraId: 'a', lbDir: '/tmp/lb', fdLimit: 20000 });
    assert.equal(notes.length, 2);
    assert.match(notes[0] ?? '', /ACTIVE_STANDBY/);
    assert.match(notes[1] ?? '', /listener-tcp: L7 policies/);
    assert.doesNotMatch(text, /acl r |http-request deny/);
  });

  it('refuses listeners it cannot render yet instead of dropping them silently', () => {
    const graph = loadBalancer([listener('listener-tls', 'TERMINATED_HTTPS', 18443)], []);
    assert.throws(
      () => renderHaproxyConfig(graph, { amphoraId: 'a', lbDir: '/tmp/lb', fdLimit: 20000 }),
      (error: unknown) => error instanceof HaproxyRenderError && /TERMINATED_HTTPS/.test(error.message),
    );
  });

  it('refuses an lb_algorithm it has no balance line for instead of falling back to round robin', () => {
    const graph = loadBalancer(
      [listener('l', 'HTTP', 18080, { default_pool_id: 'p' })],
      [pool('p', 'HTTP', [member('m', 18081)], { lb_algorithm: 'RANDOM' })],
    );
    assert.throws(
      () => renderHaproxyConfig(graph, { amphoraId: 'a', lbDir: '/tmp/lb', fdLimit: 20000 }),
      (error: unknown) => error instanceof HaproxyRenderError && /lb_algorithm "RANDOM"/.test(error.message),
    );
  });

  it('refuses an injected member address, url_path or lbDir', () => {
    const attack = '127.0.0.1:80\n    server evil 1.2.3.4:80';
    const graph = loadBalancer(
      [listener('l', 'HTTP', 18080, { default_pool_id: 'p' })],
      [pool('p', 'HTTP', [member('m', 18081, { address: attack })])],
    );
    const opts = { amphoraId: 'a', lbDir: '/tmp/lb', fdLimit: 20000 };
    assert.throws(() => renderHaproxyConfig(graph, opts), HaproxyRenderError);
    const hm = {
      id: 'hm',
      type: 'HTTP',
      delay: 5,
      timeout: 3,
      rise_threshold: 2,
      fall_threshold: 3,
      http_method: 'GET',
      url_path: '/\n    server evil 1.2.3.4:80',
      expected_codes: '200',
      http_version: null,
      domain_name: null,
      enabled: true,
    };
    const withMonitor = loadBalancer(graph.listeners, [pool('p', 'HTTP', [member('m', 18081)], { health_monitor: hm })]);
    assert.throws(() => renderHaproxyConfig(withMonitor, opts), /url_path/);
    assert.throws(() => renderHaproxyConfig(loadBalancer([], []), { ...opts, lbDir: '/tmp/lb\nserver evil' }), /directory/);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HaproxyRenderError } from './guard.js';
import { activeMonitor, expandExpectedCodes, renderMonitorLines, serverCheckOptions } from './health-check.js';
import { member, monitor } from './test-fixtures.js';

describe('health checks', () => {
  it('expands expected_codes like Octavia, sorted', () => {
    assert.deepEqual(expandExpectedCodes('200'), ['200']);
    assert.deepEqual(expandExpectedCodes('202, 200'), ['200', '202']);
    assert.deepEqual(expandExpectedCodes('200-203,302'), ['200', '201', '202', '203', '302']);
    assert.throws(() => expandExpectedCodes('204-200'), HaproxyRenderError);
    assert.throws(() => expandExpectedCodes('200|500'), HaproxyRenderError);
    assert.throws(() => expandExpectedCodes('200\n    server evil 1.2.3.4:80'), HaproxyRenderError);
  });

  it('renders no checks for a disabled monitor and refuses LVS-only types', () => {
    assert.equal(activeMonitor(monitor('HTTP', { enabled: false })), null);
    assert.equal(activeMonitor(null), null);
    assert.throws(() => activeMonitor(monitor('UDP-CONNECT')), HaproxyRenderError);
  });

  it('puts the Host header of HTTP/1.1 checks in http-check send, and ignores it for HTTP/1.0', () => {
    const v11 = renderMonitorLines(monitor('HTTP', { http_version: 1.1, domain_name: 'a.example.com' }), '/x/ping');
    assert.ok(v11.includes('option httpchk GET / HTTP/1.1'));
    assert.ok(v11.includes('http-check send hdr Host a.example.com'));
    const v10 = renderMonitorLines(monitor('HTTP', { http_version: 1, domain_name: 'a.example.com' }), '/x/ping');
    assert.ok(v10.includes('option httpchk GET / HTTP/1.0'));
    assert.ok(!v10.some((line) => line.includes('Host')));
    assert.throws(() => renderMonitorLines(monitor('HTTP', { http_version: 2 }), '/x/ping'), HaproxyRenderError);
  });

  it('gives a PING check named relative to the working directory the external-check path HAProxy requires', () => {
    const relative = renderMonitorLines(monitor('PING'), './ping-wrapper.sh');
    assert.ok(relative.includes('external-check path "/usr/sbin:/usr/bin:/sbin:/bin"'), relative.join('\n'));
    assert.ok(relative.indexOf('external-check command ./ping-wrapper.sh') > relative.indexOf('option external-check'));
    const absolute = renderMonitorLines(monitor('PING'), '/x/ping-wrapper.sh');
    assert.ok(!absolute.some((line) => line.startsWith('external-check path')), absolute.join('\n'));
  });

  it('refuses injected monitor fields', () => {
    assert.throws(() => renderMonitorLines(monitor('HTTP', { url_path: '/\n    server evil 1.2.3.4:80' }), '/p'), /url_path/);
    assert.throws(() => renderMonitorLines(monitor('HTTP', { http_method: 'GET /evil' }), '/p'), /http_method/);
    assert.throws(
      () => renderMonitorLines(monitor('HTTP', { http_version: 1.1, domain_name: 'a.com\n    server evil 1.2.3.4:80' }), '/p'),
      /domain_name/,
    );
    assert.throws(() => serverCheckOptions(monitor('TCP'), member('m', 1, { monitor_address: '127.0.0.1 backup' })), /monitor_address/);
  });

  it('adds check-ssl for HTTPS monitors and the monitor address/port', () => {
    assert.equal(
      serverCheckOptions(monitor('HTTPS'), member('m', 18080, { monitor_address: '127.0.0.2', monitor_port: 18443 })),
      ' check check-ssl verify none inter 5s fall 3 rise 2 addr 127.0.0.2 port 18443',
    );
  });
});

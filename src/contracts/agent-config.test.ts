import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AgentConfigError, parseAgentConfig, parseIni, parseIpPort, renderAgentConfig } from './agent-config.js';

const AMP = '3f2b7a10-5c1d-4e8f-9a0b-1c2d3e4f5a6b';

describe('agent config', () => {
  it('round-trips the controller part and the host part through render and parse', () => {
    const controller = renderAgentConfig({
      amphoraId: AMP,
      topology: 'SINGLE',
      heartbeat: { controllerIpPortList: ['127.0.0.1:5555', '[::1]:5556'], intervalSeconds: 3, key: 's3cret=key' },
    });
    const host = renderAgentConfig({
      bindHost: '127.79.0.5',
      bindPort: 9443,
      basePath: '/srv/amp/state',
      serverCertPath: '/srv/amp/server.pem',
      serverCaPath: '/srv/amp/client_ca.pem',
      haproxyCmd: '/usr/sbin/haproxy',
    });
    assert.equal(
      host,
      [
        '[amphora_agent]',
        'agent_server_cert = /srv/amp/server.pem',
        'agent_server_ca = /srv/amp/client_ca.pem',
        '',
        '[haproxy_amphora]',
        'bind_host = 127.79.0.5',
        'bind_port = 9443',
        'base_path = /srv/amp/state',
        'haproxy_cmd = /usr/sbin/haproxy',
        '',
      ].join('\n'),
    );
    const config = parseAgentConfig([controller, host]);
    assert.deepEqual(config, {
      amphoraId: AMP,
      bindHost: '127.79.0.5',
      bindPort: 9443,
      basePath: '/srv/amp/state',
      serverCertPath: '/srv/amp/server.pem',
      serverCaPath: '/srv/amp/client_ca.pem',
      haproxyCmd: '/usr/sbin/haproxy',
      requestReadTimeoutSeconds: 180,
      tlsProtocol: 'TLSv1.2',
      topology: 'SINGLE',
      heartbeat: { controllerIpPortList: ['127.0.0.1:5555', '[::1]:5556'], intervalSeconds: 3, key: 's3cret=key' },
    });
  });

  it('lets later files override earlier ones and accepts host keys under [amphora_agent]', () => {
    const config = parseAgentConfig([
      `[amphora_agent]\namphora_id = ${AMP}\nbind_port = 1000\n`,
      '[amphora_agent]\nbind_port = 2000\nbase_path = /x\n# comment\n; comment\n',
    ]);
    assert.equal(config.bindPort, 2000);
    assert.equal(config.basePath, '/x');
    assert.equal(config.bindHost, '::');
    assert.equal(config.heartbeat.intervalSeconds, 10);
    assert.equal(config.heartbeat.key, null);
  });

  it('refuses injection and malformed values', () => {
    const base = `[amphora_agent]\namphora_id = ${AMP}\n`;
    const bad = [
      '',
      '[amphora_agent]\namphora_id = not-a-uuid\n',
      `${base}[haproxy_amphora]\nbase_path = relative/dir\n`,
      `${base}[haproxy_amphora]\nbase_path = /a/../etc\n`,
      `${base}[haproxy_amphora]\nbind_host = example.com\n`,
      `${base}[haproxy_amphora]\nbind_port = 70000\n`,
      `${base}[haproxy_amphora]\nhaproxy_cmd = haproxy; rm -rf /\n`,
      `${base}[health_manager]\nheartbeat_interval = 0\n`,
      `${base}[health_manager]\ncontroller_ip_port_list = 127.0.0.1\n`,
      `${base}[health_manager]\ncontroller_ip_port_list = example.com:5555\n`,
      `${base}[health_manager]\nheartbeat_key = a\n  continued\n`,
      `${base}[amphora_agent]\nagent_tls_protocol = SSLv3\n`,
      'amphora_id = x\n',
      `${base}garbage line\n`,
    ];
    for (const text of bad) assert.throws(() => parseAgentConfig([text]), AgentConfigError, JSON.stringify(text));
    assert.throws(() => renderAgentConfig({ amphoraId: AMP, heartbeat: { key: 'k\n[amphora_agent]' } }), AgentConfigError);
    assert.throws(() => renderAgentConfig({ basePath: '/ok\nbind_host = 0.0.0.0' }), AgentConfigError);
    assert.throws(() => renderAgentConfig({ serverCertPath: 'server.pem' }), AgentConfigError);
    assert.throws(() => renderAgentConfig({ heartbeat: { controllerIpPortList: ['127.0.0.1:1,127.0.0.2:2'] } }), AgentConfigError);
  });

  it('parses INI sections and ip:port entries', () => {
    const s = parseIni('[a]\nx = 1\n[b]\ny=two words\n[a]\nz = 3\n');
    assert.deepEqual(
      [...(s.get('a') ?? [])],
      [
        ['x', '1'],
        ['z', '3'],
      ],
    );
    assert.equal(s.get('b')?.get('y'), 'two words');
    assert.deepEqual(parseIpPort('[fd00::1]:5555'), { host: 'fd00::1', port: 5555 });
    assert.deepEqual(parseIpPort('::1:5555'), { host: '::1', port: 5555 });
    assert.throws(() => parseIpPort('127.0.0.1:0'), AgentConfigError);
  });
});

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from './load.js';

function confFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'octavia-conf-'));
  const file = join(dir, 'octavia.conf');
  writeFileSync(file, text);
  return file;
}

describe('config', () => {
  it('uses defaults when nothing is given', () => {
    const cfg = loadConfig({ files: [], env: {} });
    assert.equal(cfg.api_settings.bind_port, 9876);
    assert.equal(cfg.api_settings.bind_host, '127.0.0.1');
    assert.equal(cfg.api_settings.pagination_max_limit, '1000');
    assert.deepEqual(cfg.networking.reserved_ips, ['169.254.169.254']);
    assert.deepEqual(cfg.meta.unknown, []);
  });

  it('reads Octavia section and option names from the file', () => {
    const file = confFile(
      '[DEFAULT]\ndebug = true\n[api_settings]\nbind_port = 9999\nauth_strategy = noauth\n' +
        'enabled_provider_drivers = amphora:The Octavia Amphora driver.,noop_driver:No-op\n' +
        '[database]\nconnection = postgresql://u@127.0.0.1/octavia\n',
    );
    const cfg = loadConfig({ files: [file], env: {} });
    assert.equal(cfg.DEFAULT.debug, true);
    assert.equal(cfg.api_settings.bind_port, 9999);
    assert.deepEqual(cfg.api_settings.enabled_provider_drivers, {
      amphora: 'The Octavia Amphora driver.',
      noop_driver: 'No-op',
    });
    assert.equal(cfg.database.connection, 'postgresql://u@127.0.0.1/octavia');
  });

  it('lets OCTAVIA__<SECTION>__<OPTION> override the file', () => {
    const file = confFile('[api_settings]\nbind_port = 9999\n');
    const cfg = loadConfig({ files: [file], env: { OCTAVIA__API_SETTINGS__BIND_PORT: '9877' } });
    assert.equal(cfg.api_settings.bind_port, 9877);
  });

  it('names the bad option and its source', () => {
    assert.throws(
      () => loadConfig({ files: [], env: { OCTAVIA__API_SETTINGS__BIND_PORT: 'http' } }),
      (err: unknown) =>
        err instanceof ConfigError &&
        err.message.includes('[api_settings] bind_port') &&
        err.message.includes('OCTAVIA__API_SETTINGS__BIND_PORT') &&
        err.message.includes("'http' is not an integer"),
    );
    assert.throws(() => loadConfig({ files: [confFile('[api_settings]\nauth_strategy = magic\n')], env: {} }), /auth_strategy/);
  });

  it('reports unknown options and sections', () => {
    const file = confFile('[api_settings]\nbind_prot = 1\n[nova]\nenable_anti_affinity = true\n');
    const cfg = loadConfig({ files: [file], env: {} });
    assert.equal(cfg.meta.unknown.length, 2);
    assert.match(cfg.meta.unknown[0] ?? '', /\[api_settings\] bind_prot/);
    assert.match(cfg.meta.unknown[1] ?? '', /\[nova\] enable_anti_affinity/);
  });

  it('fails on a missing file', () => {
    assert.throws(() => loadConfig({ files: ['/nonexistent/octavia.conf'], env: {} }), /does not exist/);
  });
});

describe('config files in oslo.config syntax', () => {
  it('keeps #, ; and quotes in values, takes the last of repeated keys and resolves $ references', () => {
    const file = confFile(
      [
        '[DEFAULT]',
        'state_path = /srv/octavia',
        '# a comment',
        '[keystone_authtoken]',
        'password = ab#cd;e',
        'username = first',
        'username = second',
        '[database]',
        "connection = 'sqlite:///$state_path/db.sqlite'",
        '[certificates]',
        'storage_path = ${DEFAULT.state_path}/certs',
        '',
      ].join('\n'),
    );
    const cfg = loadConfig({ files: [file], env: {} });
    assert.equal(cfg.keystone_authtoken.password, 'ab#cd;e');
    assert.equal(cfg.keystone_authtoken.username, 'second');
    assert.equal(cfg.database.connection, 'sqlite:////srv/octavia/db.sqlite');
    assert.equal(cfg.certificates.storage_path, '/srv/octavia/certs');
  });

  it('names the file and line of a malformed file, and the file and line of a bad value', () => {
    const broken = confFile('[api_settings]\nbind_port = 1\nthis line has no equals sign\n');
    assert.throws(
      () => loadConfig({ files: [broken], env: {} }),
      (err: unknown) =>
        err instanceof ConfigError &&
        err.message.includes(broken) &&
        err.message.includes('line 3') &&
        err.message.includes("no ':' or '='"),
    );
    const bad = confFile('[api_settings]\n\nbind_port = http\n');
    assert.throws(
      () => loadConfig({ files: [bad], env: {} }),
      (err: unknown) =>
        err instanceof ConfigError && err.message.includes('[api_settings] bind_port') && err.message.includes(`${bad} line 3`),
    );
  });

  it('refuses an option that refers to itself', () => {
    const file = confFile('[DEFAULT]\nstate_path = $state_path/a\n');
    assert.throws(() => loadConfig({ files: [file], env: {} }), /refers to itself/);
  });
});

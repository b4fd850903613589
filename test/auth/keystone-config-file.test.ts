// octavia.conf is read with oslo.config's rules, so a service password holding '#', ';', '=' or quotes reaches
// Keystone whole (the `ini` package once cut `ab#cd` to `ab`): a real Keystone must accept the password exactly as
// written in the file, or no token can be validated.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startApi, type TestApi } from '../support/api-harness.js';
import { LB } from '../support/fixtures.js';
import { KeystoneCloud } from './keystone-cloud.js';
import { type KeystoneServer, startKeystone } from './keystone-server.js';

const SERVICE_PASSWORD = 'ab#cd;ef = "gh" $x';
/** as written in the file: oslo reads "$$" as a literal "$" */
const IN_FILE = 'ab#cd;ef = "gh" $$x';

describe('octavia.conf values reach Keystone whole', () => {
  let keystone: KeystoneServer;
  let api: TestApi;
  let dir: string;
  let cloud: KeystoneCloud;

  before(async () => {
    keystone = await startKeystone();
    cloud = new KeystoneCloud(keystone);
    await cloud.setUp(['project-a', 'service']);
    await cloud.user('octavia', 'service', ['service'], SERVICE_PASSWORD);
    dir = mkdtempSync(join(tmpdir(), 'octavia-kscfg-'));
    const file = join(dir, 'octavia.conf');
    writeFileSync(
      file,
      [
        '# the service user of octavia-ts',
        '[api_settings]',
        'auth_strategy = keystone',
        '',
        '[keystone_authtoken]',
        `auth_url = ${keystone.url}`,
        `www_authenticate_uri = ${keystone.url}/v3`,
        'username = octavia',
        `password = ${IN_FILE}`,
        '; a comment line, not part of the value above',
        "project_name = 'service'",
        '',
      ].join('\n'),
    );
    api = await startApi('sqlite', {}, { configFiles: [file] });
  });
  after(async () => {
    await api?.close();
    await keystone?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('reads the password with # ; = and quotes as written, and validates a user token with it', async () => {
    assert.equal(api.config.keystone_authtoken.password, SERVICE_PASSWORD);
    assert.equal(api.config.keystone_authtoken.project_name, 'service');
    const member = await cloud.user('member-a', 'project-a', ['load-balancer_member', 'member']);
    const res = await api.get(LB, { 'X-Auth-Token': await cloud.token(member) });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.body.loadbalancers, []);
  });
});

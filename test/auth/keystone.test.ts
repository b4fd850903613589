// auth_strategy = keystone against a real Keystone (Debian's package, started for this test on loopback): tenant
// isolation, roles, 401s for missing, bad, revoked and expired tokens, and the token cache.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startApi, type TestApi } from '../support/api-harness.js';
import { LB, VIP_SUBNET } from '../support/fixtures.js';
import { type CloudUser, KeystoneCloud } from './keystone-cloud.js';
import { type KeystoneServer, startKeystone } from './keystone-server.js';

/** Keystone's token lifetime in this test (s): short, so that the expiry case waits little. */
const TOKEN_LIFETIME = 20;
const FORBIDDEN = 'Policy does not allow this request to be performed.';

describe('keystone auth against a real Keystone', () => {
  let keystone: KeystoneServer;
  let cloud: KeystoneCloud;
  let api: TestApi;
  const users: Record<string, CloudUser> = {};
  const as = async (user: string) => ({ 'X-Auth-Token': await cloud.token(users[user]!) });

  before(async () => {
    keystone = await startKeystone(TOKEN_LIFETIME);
    cloud = new KeystoneCloud(keystone);
    await cloud.setUp(['project-a', 'project-b', 'service']);
    users.octavia = await cloud.user('octavia', 'service', ['service']);
    users.memberA = await cloud.user('member-a', 'project-a', ['load-balancer_member', 'member']);
    users.memberB = await cloud.user('member-b', 'project-b', ['load-balancer_member', 'member']);
    users.observerA = await cloud.user('observer-a', 'project-a', ['load-balancer_observer', 'reader']);
    users.lbAdmin = await cloud.user('lb-admin', 'project-b', ['load-balancer_admin']);
    users.plainA = await cloud.user('plain-a', 'project-a', ['member']);
    users.admin = { name: 'admin', password: keystone.adminPassword, project: 'admin', projectId: cloud.projectIds.get('admin')! };
    api = await startApi('sqlite', {
      api_settings: { auth_strategy: 'keystone' },
      keystone_authtoken: {
        auth_url: keystone.url,
        www_authenticate_uri: `${keystone.url}/v3`,
        username: 'octavia',
        password: users.octavia.password,
        project_name: 'service',
      },
    });
  });
  after(async () => {
    await api?.close();
    await keystone?.stop();
  });

  it('answers 401 with WWW-Authenticate without a valid token; version discovery needs none', async () => {
    for (const headers of [{}, { 'X-Auth-Token': 'not-a-token' }] as Record<string, string>[]) {
      const res = await api.get(LB, headers);
      assert.equal(res.status, 401, res.text);
      assert.equal(res.headers.get('www-authenticate'), `Keystone uri="${keystone.url}/v3"`);
      assert.equal(res.body.error.code, 401);
    }
    assert.equal((await api.get('/')).status, 200);
  });

  it('keeps projects apart: member A builds a graph, member B gets 403 on each object and empty lists', async () => {
    const headersA = await as('memberA');
    const created = await api.post(
      LB,
      {
        loadbalancer: {
          vip_subnet_id: VIP_SUBNET,
          listeners: [
            {
              protocol: 'HTTP',
              protocol_port: 80,
              default_pool: {
                name: 'web',
                protocol: 'HTTP',
                lb_algorithm: 'ROUND_ROBIN',
                members: [{ address: '127.0.0.1', protocol_port: 8080 }],
                healthmonitor: { type: 'HTTP', delay: 5, timeout: 3, max_retries: 3 },
              },
              l7policies: [{ action: 'REJECT', rules: [{ type: 'PATH', compare_type: 'STARTS_WITH', value: '/x' }] }],
            },
          ],
        },
      },
      headersA,
    );
    assert.equal(created.status, 201, created.text);
    const lb = created.body.loadbalancer;
    assert.equal(lb.project_id, users.memberA!.projectId);
    const listener = lb.listeners[0];
    const pool = lb.pools[0];
    const policy = listener.l7policies[0];
    await api.waitFor(`${LB}/${lb.id}`, (b) => b.loadbalancer.provisioning_status === 'ACTIVE', 15_000, headersA);
    const poolBody = (await api.get(`/v2/lbaas/pools/${pool.id}`, headersA)).body.pool;
    const policyBody = (await api.get(`/v2/lbaas/l7policies/${policy.id}`, headersA)).body.l7policy;
    const objects: [path: string, update: unknown][] = [
      [`${LB}/${lb.id}`, { loadbalancer: { name: 'x' } }],
      [`/v2/lbaas/listeners/${listener.id}`, { listener: { name: 'x' } }],
      [`/v2/lbaas/pools/${pool.id}`, { pool: { name: 'x' } }],
      [`/v2/lbaas/pools/${pool.id}/members/${poolBody.members[0].id}`, { member: { name: 'x' } }],
      [`/v2/lbaas/healthmonitors/${poolBody.healthmonitor_id}`, { healthmonitor: { name: 'x' } }],
      [`/v2/lbaas/l7policies/${policy.id}`, { l7policy: { name: 'x' } }],
      [`/v2/lbaas/l7policies/${policy.id}/rules/${policyBody.rules[0].id}`, { rule: { value: '/y' } }],
    ];
    const headersB = await as('memberB');
    for (const [path, update] of objects) {
      const show = await api.get(path, headersB);
      assert.equal(show.status, 403, `${path}: ${show.text}`);
      assert.equal(show.body.faultstring, FORBIDDEN);
      assert.equal((await api.put(path, update, headersB)).status, 403, path);
      assert.equal((await api.delete(path, headersB)).status, 403, path);
      assert.equal((await api.get(path, headersA)).status, 200, path);
    }
    for (const [collection, key] of [
      [LB, 'loadbalancers'],
      ['/v2/lbaas/listeners', 'listeners'],
      ['/v2/lbaas/pools', 'pools'],
      ['/v2/lbaas/healthmonitors', 'healthmonitors'],
      ['/v2/lbaas/l7policies', 'l7policies'],
    ] as const) {
      const listB = await api.get(collection, headersB);
      assert.equal(listB.status, 200, listB.text);
      assert.deepEqual(listB.body[key], [], collection);
      assert.equal((await api.get(collection, headersA)).body[key].length, 1, collection);
    }
    assert.equal((await api.get(`${LB}?project_id=${users.memberA!.projectId}`, headersB)).status, 403);

    // observer reads but cannot write; plain "member" without a load-balancer role gets nothing
    const observer = await as('observerA');
    assert.equal((await api.get(`${LB}/${lb.id}`, observer)).status, 200);
    assert.equal((await api.get(LB, observer)).body.loadbalancers.length, 1);
    for (const [path, update] of objects) assert.equal((await api.put(path, update, observer)).status, 403, path);
    assert.equal(
      (await api.post('/v2/lbaas/listeners', { listener: { loadbalancer_id: lb.id, protocol: 'TCP', protocol_port: 90 } }, observer))
        .status,
      403,
    );
    assert.equal((await api.get(`${LB}/${lb.id}`, await as('plainA'))).status, 403);

    // load-balancer_admin (in project B) and the cloud admin see everything
    for (const who of ['lbAdmin', 'admin']) {
      const headers = await as(who);
      assert.equal((await api.get(`${LB}/${lb.id}`, headers)).status, 200, who);
      const all = await api.get(LB, headers);
      assert.ok(
        all.body.loadbalancers.some((x: any) => x.id === lb.id),
        who,
      );
    }
  });

  it('validates a token once per cache lifetime', async () => {
    const token = await cloud.token(users.memberA!);
    const validator = api.runtime.services.keystone!;
    const before = validator.remoteValidations;
    for (let i = 0; i < 20; i++) assert.equal((await api.get(LB, { 'X-Auth-Token': token })).status, 200);
    assert.equal(validator.remoteValidations - before, 1);
  });

  it('refuses a revoked token', async () => {
    const token = await cloud.token(users.memberA!);
    await cloud.revoke(token);
    const res = await api.get(LB, { 'X-Auth-Token': token });
    assert.equal(res.status, 401, res.text);
  });

  it('refuses a token once it has expired, even after it was cached', async () => {
    const login = await cloud.login(users.memberA!.name, users.memberA!.password, users.memberA!.project);
    assert.equal((await api.get(LB, { 'X-Auth-Token': login.token })).status, 200);
    const expiresAt = Date.parse(login.body.token.expires_at);
    await new Promise((r) => setTimeout(r, Math.max(0, expiresAt - Date.now()) + 1500));
    const res = await api.get(LB, { 'X-Auth-Token': login.token });
    assert.equal(res.status, 401, res.text);
  });
});

// The Neutron subset under auth_strategy = keystone, against a real Keystone: a token is needed (keystonemiddleware's
// 401, as in front of Neutron), and a valid token without any load-balancer role sees its own project's ports only,
// where it used to list every project's VIP ports.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startApi, type TestApi } from '../support/api-harness.js';
import { LB, VIP_NETWORK, VIP_SUBNET } from '../support/fixtures.js';
import { type CloudUser, KeystoneCloud } from './keystone-cloud.js';
import { type KeystoneServer, startKeystone } from './keystone-server.js';

describe('neutron subset under keystone auth, against a real Keystone', () => {
  let keystone: KeystoneServer;
  let cloud: KeystoneCloud;
  let api: TestApi;
  const users: Record<string, CloudUser> = {};
  const as = async (user: string) => ({ 'X-Auth-Token': await cloud.token(users[user]!) });

  before(async () => {
    keystone = await startKeystone();
    cloud = new KeystoneCloud(keystone);
    await cloud.setUp(['project-a', 'project-b', 'service']);
    users.octavia = await cloud.user('octavia', 'service', ['service']);
    users.memberA = await cloud.user('member-a', 'project-a', ['load-balancer_member', 'member']);
    users.plainA = await cloud.user('plain-a', 'project-a', ['member']);
    users.plainB = await cloud.user('plain-b', 'project-b', ['member']);
    users.globalObserver = await cloud.user('global-observer', 'project-b', ['load-balancer_global_observer']);
    users.admin = cloud.admin();
    api = await startApi('sqlite', cloud.apiOverrides(users.octavia));
  });
  after(async () => {
    await api?.close();
    await keystone?.stop();
  });

  it('answers 401 with WWW-Authenticate without a valid token', async () => {
    for (const path of ['/v2.0/ports', '/v2.0/networks', `/v2.0/subnets/${VIP_SUBNET}`]) {
      for (const headers of [{}, { 'X-Auth-Token': 'not-a-token' }] as Record<string, string>[]) {
        const res = await api.get(path, headers);
        assert.equal(res.status, 401, `${path}: ${res.text}`);
        assert.equal(res.headers.get('www-authenticate'), `Keystone uri="${keystone.url}/v3"`);
        assert.deepEqual(res.body, {
          error: { code: 401, title: 'Unauthorized', message: 'The request you have made requires authentication.' },
        });
      }
    }
  });

  it("a token without a load-balancer role lists its own project's ports only; admins and global observers all", async () => {
    const created = await api.post(LB, { loadbalancer: { vip_subnet_id: VIP_SUBNET } }, await as('memberA'));
    assert.equal(created.status, 201, created.text);
    const portId = created.body.loadbalancer.vip_port_id;
    const projectA = users.memberA!.projectId;

    const foreign = await api.get('/v2.0/ports', await as('plainB'));
    assert.equal(foreign.status, 200, foreign.text);
    assert.deepEqual(foreign.body, { ports: [] });
    const show = await api.get(`/v2.0/ports/${portId}`, await as('plainB'));
    assert.equal(show.status, 404, show.text);
    assert.deepEqual(show.body, { NeutronError: { type: 'PortNotFound', message: `Port ${portId} could not be found.`, detail: '' } });

    const own = await api.get('/v2.0/ports', await as('plainA'));
    assert.deepEqual(
      own.body.ports.map((p: any) => [p.id, p.project_id]),
      [[portId, projectA]],
    );
    assert.equal((await api.get(`/v2.0/ports/${portId}`, await as('plainA'))).status, 200);

    for (const who of ['admin', 'globalObserver']) {
      const res = await api.get('/v2.0/ports', await as(who));
      assert.deepEqual(
        res.body.ports.map((p: any) => p.id),
        [portId],
        who,
      );
    }
    // the shared VIP network is everybody's
    const networks = await api.get('/v2.0/networks', await as('plainB'));
    assert.deepEqual(
      networks.body.networks.map((n: any) => n.id),
      [VIP_NETWORK],
    );
  });
});

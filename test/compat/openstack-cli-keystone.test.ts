// Acceptance: the scripted `openstack loadbalancer` session logged in to a real Keystone (Debian's package, started
// for this test on loopback) instead of noauth. The CLI finds our API through Keystone's service catalog
// (load-balancer, and network for the read-only Neutron subset it resolves --vip-subnet-id against); the service
// runs as its own process with auth_strategy = keystone. Covers the object lifecycle with --wait as a project member,
// quota set/show and flavor profile/flavor create/list as the cloud admin, quota enforcement seen through the CLI,
// and a member of another project who cannot see or touch the first project's load balancer.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { cidrContains } from '../../src/common/ip.js';
import { LOOPBACK_CIDR, LOOPBACK_NAME, LOOPBACK_SUBNET_ID } from '../../src/drivers/network/loopback.js';
import { type CloudUser, KeystoneCloud } from '../auth/keystone-cloud.js';
import { type KeystoneServer, startKeystone } from '../auth/keystone-server.js';
import { openstackCliAs, type OpenstackCli } from './openstack-runner.js';
import { startService, type ServiceProcess } from './service-process.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** the session's default provider; it settles at once, so --wait rarely sleeps its 3 s between polls */
const PROVIDER = 'noop_driver';
/** the flavor's provider: the amphora provider with the worker's noop drivers validates its metadata for real */
const FLAVOR_PROVIDER = 'amphora';

describe('openstack loadbalancer CLI session with Keystone credentials', () => {
  let keystone: KeystoneServer;
  let cloud: KeystoneCloud;
  let service: ServiceProcess;
  const users: Record<string, CloudUser> = {};
  const cli: Record<string, OpenstackCli> = {};
  const ids = { lb: '', listener: '', pool: '', member: '', hm: '' };
  const serviceLog = () => service?.logTail() ?? '';
  const as = (user: CloudUser) =>
    openstackCliAs({ authUrl: keystone.url, username: user.name, password: user.password, projectName: user.project }, serviceLog);

  before(async () => {
    keystone = await startKeystone();
    cloud = new KeystoneCloud(keystone);
    await cloud.setUp(['project-a', 'project-b', 'service']);
    users.octavia = await cloud.user('octavia', 'service', ['service']);
    users.memberA = await cloud.user('member-a', 'project-a', ['load-balancer_member', 'member']);
    users.memberB = await cloud.user('member-b', 'project-b', ['load-balancer_member', 'member']);
    users.admin = { name: 'admin', password: keystone.adminPassword, project: 'admin', projectId: cloud.projectIds.get('admin')! };
    service = await startService({
      provider: PROVIDER,
      env: {
        OCTAVIA__API_SETTINGS__AUTH_STRATEGY: 'keystone',
        OCTAVIA__KEYSTONE_AUTHTOKEN__AUTH_URL: keystone.url,
        OCTAVIA__KEYSTONE_AUTHTOKEN__WWW_AUTHENTICATE_URI: `${keystone.url}/v3`,
        OCTAVIA__KEYSTONE_AUTHTOKEN__USERNAME: users.octavia.name,
        OCTAVIA__KEYSTONE_AUTHTOKEN__PASSWORD: users.octavia.password,
        OCTAVIA__KEYSTONE_AUTHTOKEN__PROJECT_NAME: users.octavia.project,
      },
    });
    // as in a cloud: the CLI knows only Keystone and finds both services in its catalog
    await cloud.catalogEntry('load-balancer', 'octavia', service.endpoint);
    await cloud.catalogEntry('network', 'neutron', service.endpoint);
    for (const [name, user] of Object.entries(users)) cli[name] = as(user);
  });

  after(async () => {
    await service?.stop();
    await keystone?.stop();
  });

  it('refuses the API without a token (the CLI is not talking to a noauth service)', async () => {
    const res = await fetch(`${service.endpoint}/v2/lbaas/loadbalancers`);
    assert.equal(res.status, 401);
    assert.equal(res.headers.get('www-authenticate'), `Keystone uri="${keystone.url}/v3"`);
  });

  it('member A creates a load balancer on the loopback VIP subnet (by name) in project A and waits for ACTIVE', async () => {
    const lb = await cli.memberA!.json('create', '--name', 'kcli-lb', '--vip-subnet-id', LOOPBACK_NAME, '--wait');
    assert.match(lb.id, UUID);
    ids.lb = lb.id;
    assert.equal(lb.provisioning_status, 'ACTIVE');
    assert.equal(lb.project_id, users.memberA!.projectId);
    assert.equal(lb.provider, PROVIDER);
    assert.equal(lb.vip_subnet_id, LOOPBACK_SUBNET_ID);
    assert.ok(cidrContains(LOOPBACK_CIDR, lb.vip_address), `vip_address ${lb.vip_address} not in ${LOOPBACK_CIDR}`);

    const listed = (await cli.memberA!.json('list')).map((x: any) => [x.id, x.name, x.project_id]);
    assert.deepEqual(listed, [[ids.lb, 'kcli-lb', users.memberA!.projectId]]);
    await cli.memberA!.ok('set', '--name', 'kcli-lb-renamed', '--wait', ids.lb);
    const shown = await cli.memberA!.json('show', ids.lb);
    assert.equal(shown.name, 'kcli-lb-renamed');
    assert.equal(shown.provisioning_status, 'ACTIVE');
  });

  it('member A builds listener, pool, member and health monitor with --wait and updates each', async () => {
    const os = cli.memberA!;
    const listener = await os.json(
      'listener',
      'create',
      '--name',
      'kcli-listener',
      '--protocol',
      'HTTP',
      '--protocol-port',
      '80',
      '--wait',
      ids.lb,
    );
    ids.listener = listener.id;
    assert.equal(listener.provisioning_status, 'ACTIVE');
    assert.equal(listener.project_id, users.memberA!.projectId);
    await os.ok('listener', 'set', '--connection-limit', '1000', '--wait', ids.listener);
    assert.equal((await os.json('listener', 'show', 'kcli-listener')).connection_limit, 1000);
    assert.deepEqual(
      (await os.json('listener', 'list')).map((x: any) => x.id),
      [ids.listener],
    );

    const pool = await os.json(
      'pool',
      'create',
      '--name',
      'kcli-pool',
      '--listener',
      ids.listener,
      '--protocol',
      'HTTP',
      '--lb-algorithm',
      'ROUND_ROBIN',
      '--wait',
    );
    ids.pool = pool.id;
    assert.equal(pool.provisioning_status, 'ACTIVE');
    await os.ok('pool', 'set', '--lb-algorithm', 'LEAST_CONNECTIONS', '--wait', ids.pool);
    assert.equal((await os.json('pool', 'show', 'kcli-pool')).lb_algorithm, 'LEAST_CONNECTIONS');

    const member = await os.json(
      'member',
      'create',
      '--name',
      'kcli-member',
      '--address',
      '127.0.0.1',
      '--protocol-port',
      '8080',
      '--wait',
      ids.pool,
    );
    ids.member = member.id;
    assert.equal(member.provisioning_status, 'ACTIVE');
    await os.ok('member', 'set', '--weight', '5', '--wait', ids.pool, ids.member);
    const shownMember = await os.json('member', 'show', ids.pool, 'kcli-member');
    assert.equal(shownMember.weight, 5);
    assert.deepEqual(
      (await os.json('member', 'list', ids.pool)).map((m: any) => m.id),
      [ids.member],
    );

    const hm = await os.json(
      'healthmonitor',
      'create',
      '--name',
      'kcli-hm',
      '--delay',
      '5',
      '--timeout',
      '3',
      '--max-retries',
      '3',
      '--type',
      'HTTP',
      '--wait',
      ids.pool,
    );
    ids.hm = hm.id;
    assert.equal(hm.provisioning_status, 'ACTIVE');
    await os.ok('healthmonitor', 'set', '--delay', '10', '--wait', ids.hm);
    assert.equal((await os.json('healthmonitor', 'show', 'kcli-hm')).delay, 10);

    const tree = JSON.parse(await os.ok('status', 'show', ids.lb)).loadbalancer;
    assert.equal(tree.listeners[0].id, ids.listener);
    assert.equal(tree.listeners[0].pools[0].id, ids.pool);
    assert.equal(tree.listeners[0].pools[0].health_monitor.id, ids.hm);
    assert.deepEqual(
      tree.listeners[0].pools[0].members.map((m: any) => m.id),
      [ids.member],
    );
  });

  it("member B sees none of project A's objects and cannot change them", async () => {
    const os = cli.memberB!;
    assert.deepEqual(await os.json('list'), []);
    assert.deepEqual(await os.json('listener', 'list'), []);
    assert.deepEqual(await os.json('pool', 'list'), []);
    assert.deepEqual(await os.json('healthmonitor', 'list'), []);
    // `show <uuid>` GETs the object itself: Octavia 11's 403 for another project's object
    for (const args of [
      ['show', ids.lb],
      ['listener', 'show', ids.listener],
      ['pool', 'show', ids.pool],
      ['member', 'show', ids.pool, ids.member],
      ['healthmonitor', 'show', ids.hm],
    ]) {
      assert.match(await os.fails(...args), /Policy does not allow this request to be performed\. \(HTTP 403\)/, args.join(' '));
    }
    // set and delete resolve the id through the list first, where A's objects are left out
    assert.match(await os.fails('set', '--name', 'stolen', ids.lb), new RegExp(`Unable to locate ${ids.lb} in loadbalancers`));
    assert.match(await os.fails('delete', ids.lb), new RegExp(`Unable to locate ${ids.lb} in loadbalancers`));
    assert.match(await os.fails('listener', 'delete', ids.listener), new RegExp(`Unable to locate ${ids.listener} in listeners`));
    assert.equal((await cli.memberA!.json('show', ids.lb)).name, 'kcli-lb-renamed');
  });

  it('the admin sets and shows a project quota; the member reads its own; another member may not', async () => {
    const projectA = users.memberA!.projectId;
    await cli.admin!.ok('quota', 'set', '--loadbalancer', '5', 'project-a');
    const shown = await cli.admin!.json('quota', 'show', 'project-a');
    assert.equal(shown.load_balancer, 5);
    assert.equal((await cli.admin!.json('quota', 'list')).find((q: any) => q.project_id === projectA)?.load_balancer, 5);
    // by id, so that the CLI needs no Keystone project lookup (members may not list Keystone projects)
    assert.equal((await cli.memberA!.json('quota', 'show', projectA)).load_balancer, 5);
    assert.match(await cli.memberB!.fails('quota', 'show', projectA), /Policy does not allow this request to be performed/);
    assert.match(
      await cli.memberA!.fails('quota', 'set', '--loadbalancer', '50', projectA),
      /Policy does not allow this request to be performed/,
    );
  });

  it('a quota of 1 load balancer stops member B at the second create', async () => {
    await cli.admin!.ok('quota', 'set', '--loadbalancer', '1', 'project-b');
    const first = await cli.memberB!.json('create', '--name', 'kcli-b', '--vip-subnet-id', LOOPBACK_SUBNET_ID, '--wait');
    assert.equal(first.project_id, users.memberB!.projectId);
    assert.match(
      await cli.memberB!.fails('create', '--name', 'kcli-b2', '--vip-subnet-id', LOOPBACK_SUBNET_ID),
      /Quota has been met for resources: Load Balancer/,
    );
    await cli.memberB!.ok('delete', '--wait', first.id);
    assert.deepEqual(await cli.memberB!.json('list'), []);
  });

  it('the admin creates a flavor profile and a flavor; members list and use it but may not create one', async () => {
    const profile = await cli.admin!.json(
      'flavorprofile',
      'create',
      '--name',
      'kcli-single',
      '--provider',
      FLAVOR_PROVIDER,
      '--flavor-data',
      '{"loadbalancer_topology": "SINGLE"}',
    );
    assert.match(profile.id, UUID);
    assert.equal(profile.provider_name, FLAVOR_PROVIDER);
    assert.deepEqual(JSON.parse(profile.flavor_data), { loadbalancer_topology: 'SINGLE' });
    assert.match(
      await cli.admin!.fails(
        'flavorprofile',
        'create',
        '--name',
        'kcli-bogus',
        '--provider',
        FLAVOR_PROVIDER,
        '--flavor-data',
        '{"no_such_option": 1}',
      ),
      /\(HTTP 501\)/,
    );
    const flavor = await cli.admin!.json(
      'flavor',
      'create',
      '--name',
      'kcli-small',
      '--flavorprofile',
      'kcli-single',
      '--description',
      'one amphora',
      '--enable',
    );
    assert.match(flavor.id, UUID);
    assert.equal(flavor.flavor_profile_id, profile.id);
    assert.equal(flavor.enabled, true);

    const adminList = await cli.admin!.json('flavor', 'list');
    assert.deepEqual(
      adminList.filter((f: any) => f.name === 'kcli-small').map((f: any) => [f.id, f.flavor_profile_id, f.enabled]),
      [[flavor.id, profile.id, true]],
    );
    assert.deepEqual(
      (await cli.memberA!.json('flavor', 'list')).map((f: any) => f.id),
      [flavor.id],
    );
    assert.match(await cli.memberA!.fails('flavorprofile', 'list'), /Policy does not allow this request to be performed/);
    assert.match(
      await cli.memberA!.fails('flavor', 'create', '--name', 'mine', '--flavorprofile', profile.id),
      /Policy does not allow this request to be performed|Unable to locate/,
    );

    const lb = await cli.memberA!.json(
      'create',
      '--name',
      'kcli-flavored',
      '--vip-subnet-id',
      LOOPBACK_SUBNET_ID,
      '--flavor',
      'kcli-small',
      '--wait',
    );
    assert.equal(lb.flavor_id, flavor.id);
    assert.equal(lb.provider, FLAVOR_PROVIDER);
    await cli.memberA!.ok('delete', '--wait', lb.id);
  });

  it('member A deletes member, health monitor, pool, listener and load balancer with --wait', async () => {
    const os = cli.memberA!;
    await os.ok('member', 'delete', '--wait', ids.pool, ids.member);
    assert.deepEqual(await os.json('member', 'list', ids.pool), []);
    await os.ok('healthmonitor', 'delete', '--wait', ids.hm);
    await os.ok('pool', 'delete', '--wait', ids.pool);
    await os.ok('listener', 'delete', '--wait', ids.listener);
    await os.ok('delete', '--wait', ids.lb);
    assert.match(await os.fails('show', ids.lb), new RegExp(`Unable to locate ${ids.lb} in loadbalancers`));
    assert.deepEqual(await os.json('list'), []);
    assert.deepEqual(await cli.admin!.json('list'), []);
  });
});

// Acceptance: a scripted `openstack loadbalancer` session (Debian python3-openstackclient + python3-octaviaclient)
// against the real all-in-one process: create, list, show, update and delete every core object with --wait.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { cidrContains } from '../../src/common/ip.js';
import { LOOPBACK_CIDR, LOOPBACK_NAME, LOOPBACK_NETWORK_ID, LOOPBACK_SUBNET_ID } from '../../src/drivers/network/loopback.js';
import { openstackCli, type OpenstackCli } from './openstack-runner.js';
import { startService, type ServiceProcess } from './service-process.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The operating status a settled object shows: noop_driver reports a healthy data plane at once; with the amphora
 * provider, load balancers, listeners and pools stay OFFLINE until amphora heartbeats say otherwise (there are none
 * from noop amphorae), while health monitors get theirs from the worker, as in Octavia.
 */
function liveOperatingStatus(provider: string, what: string): string {
  return provider === 'noop_driver' || what === 'health monitor' ? 'ONLINE' : 'OFFLINE';
}

// noop_driver settles in the API process; amphora runs every operation as a worker flow (noop compute/network/agent)
for (const provider of ['noop_driver', 'amphora'])
  describe(`openstack loadbalancer CLI session (provider ${provider})`, () => {
    let service: ServiceProcess;
    let os: OpenstackCli;
    const ids = { lb: '', listener: '', pool: '', member: '', hm: '' };
    const assertLive = (obj: any, what: string): void => {
      assert.match(obj.id, UUID, `${what} id`);
      assert.equal(obj.provisioning_status, 'ACTIVE', `${what} provisioning_status`);
      assert.equal(obj.operating_status, liveOperatingStatus(provider, what), `${what} operating_status`);
    };

    before(async () => {
      service = await startService({ provider });
      os = openstackCli(service.endpoint, () => service.logTail());
    });

    after(async () => {
      await service?.stop();
    });

    it('creates a load balancer on the loopback VIP subnet (by name) and waits for ACTIVE', async () => {
      const lb = await os.json('create', '--name', 'cli-lb', '--vip-subnet-id', LOOPBACK_NAME, '--wait');
      assertLive(lb, 'load balancer');
      ids.lb = lb.id;
      assert.equal(lb.name, 'cli-lb');
      assert.equal(lb.admin_state_up, true);
      assert.equal(lb.provider, provider);
      assert.equal(lb.vip_subnet_id, LOOPBACK_SUBNET_ID);
      assert.equal(lb.vip_network_id, LOOPBACK_NETWORK_ID);
      assert.ok(cidrContains(LOOPBACK_CIDR, lb.vip_address), `vip_address ${lb.vip_address} not in ${LOOPBACK_CIDR}`);
      assert.match(lb.vip_port_id, UUID);
    });

    it('lists, shows and updates the load balancer', async () => {
      const listed = (await os.json('list')).find((x: any) => x.id === ids.lb);
      assert.ok(listed, 'created load balancer missing from `loadbalancer list`');
      assert.equal(listed.name, 'cli-lb');
      assert.equal(listed.provisioning_status, 'ACTIVE');
      assert.equal(listed.operating_status, liveOperatingStatus(provider, 'load balancer'));
      assert.equal(listed.provider, provider);
      assert.ok(cidrContains(LOOPBACK_CIDR, listed.vip_address));

      await os.ok('set', '--name', 'cli-lb-renamed', '--description', 'driven by the openstack CLI', '--wait', ids.lb);
      const shown = await os.json('show', ids.lb);
      assertLive(shown, 'load balancer');
      assert.equal(shown.name, 'cli-lb-renamed');
      assert.equal(shown.description, 'driven by the openstack CLI');
      assert.equal(shown.vip_address, listed.vip_address);

      const stats = await os.json('stats', 'show', 'cli-lb-renamed');
      assert.deepEqual(stats, { active_connections: 0, bytes_in: 0, bytes_out: 0, request_errors: 0, total_connections: 0 });
    });

    it('creates, lists and updates a listener', async () => {
      const listener = await os.json(
        'listener',
        'create',
        '--name',
        'cli-listener',
        '--protocol',
        'HTTP',
        '--protocol-port',
        '80',
        '--wait',
        ids.lb,
      );
      assertLive(listener, 'listener');
      ids.listener = listener.id;
      assert.equal(listener.protocol, 'HTTP');
      assert.equal(listener.protocol_port, 80);
      assert.equal(listener.connection_limit, -1);
      assert.equal(listener.loadbalancers, ids.lb);
      assert.equal(listener.default_pool_id, null);

      const listed = (await os.json('listener', 'list')).find((x: any) => x.id === ids.listener);
      assert.deepEqual(listed, {
        id: ids.listener,
        default_pool_id: null,
        name: 'cli-listener',
        project_id: listener.project_id,
        protocol: 'HTTP',
        protocol_port: 80,
        admin_state_up: true,
      });

      await os.ok('listener', 'set', '--connection-limit', '1000', '--wait', ids.listener);
      const shown = await os.json('listener', 'show', 'cli-listener');
      assertLive(shown, 'listener');
      assert.equal(shown.connection_limit, 1000);
    });

    it('creates a pool on the listener and changes its algorithm', async () => {
      const pool = await os.json(
        'pool',
        'create',
        '--name',
        'cli-pool',
        '--listener',
        ids.listener,
        '--protocol',
        'HTTP',
        '--lb-algorithm',
        'ROUND_ROBIN',
        '--wait',
      );
      assertLive(pool, 'pool');
      ids.pool = pool.id;
      assert.equal(pool.lb_algorithm, 'ROUND_ROBIN');
      assert.equal(pool.protocol, 'HTTP');
      assert.equal(pool.listeners, ids.listener);
      assert.equal(pool.loadbalancers, ids.lb);

      await os.ok('pool', 'set', '--lb-algorithm', 'LEAST_CONNECTIONS', '--wait', ids.pool);
      const shown = await os.json('pool', 'show', 'cli-pool');
      assertLive(shown, 'pool');
      assert.equal(shown.lb_algorithm, 'LEAST_CONNECTIONS');
      assert.equal((await os.json('listener', 'show', ids.listener)).default_pool_id, ids.pool);
    });

    it('adds a member and changes its weight', async () => {
      const member = await os.json(
        'member',
        'create',
        '--name',
        'cli-member',
        '--address',
        '127.0.0.1',
        '--protocol-port',
        '8080',
        '--wait',
        ids.pool,
      );
      assert.match(member.id, UUID);
      assert.equal(member.provisioning_status, 'ACTIVE');
      ids.member = member.id;
      assert.equal(member.address, '127.0.0.1');
      assert.equal(member.protocol_port, 8080);
      assert.equal(member.weight, 1);

      const listed = await os.json('member', 'list', ids.pool);
      assert.deepEqual(
        listed.map((m: any) => [m.id, m.name, m.address, m.protocol_port, m.weight]),
        [[ids.member, 'cli-member', '127.0.0.1', 8080, 1]],
      );

      await os.ok('member', 'set', '--weight', '5', '--wait', ids.pool, ids.member);
      const shown = await os.json('member', 'show', ids.pool, 'cli-member');
      assert.equal(shown.id, ids.member);
      assert.equal(shown.provisioning_status, 'ACTIVE');
      assert.equal(shown.weight, 5);
    });

    it('adds a health monitor and changes its delay', async () => {
      const hm = await os.json(
        'healthmonitor',
        'create',
        '--name',
        'cli-hm',
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
      assertLive(hm, 'health monitor');
      ids.hm = hm.id;
      assert.equal(hm.type, 'HTTP');
      assert.equal(hm.delay, 5);
      assert.equal(hm.timeout, 3);
      assert.equal(hm.max_retries, 3);
      assert.equal(hm.max_retries_down, 3);
      assert.equal(hm.http_method, 'GET');
      assert.equal(hm.url_path, '/');
      assert.equal(hm.expected_codes, '200');
      assert.equal(hm.pools, ids.pool);

      await os.ok('healthmonitor', 'set', '--delay', '10', '--wait', ids.hm);
      const shown = await os.json('healthmonitor', 'show', 'cli-hm');
      assertLive(shown, 'health monitor');
      assert.equal(shown.delay, 10);
      assert.equal(shown.timeout, 3);
    });

    it('shows the whole tree in `loadbalancer status show`', async () => {
      // status show prints JSON itself (no -f option).
      const tree = JSON.parse(await os.ok('status', 'show', ids.lb));
      const lb = tree.loadbalancer;
      assert.equal(lb.id, ids.lb);
      assert.equal(lb.name, 'cli-lb-renamed');
      assert.equal(lb.provisioning_status, 'ACTIVE');
      assert.equal(lb.operating_status, liveOperatingStatus(provider, 'load balancer'));
      assert.equal(lb.listeners.length, 1);
      const [listener] = lb.listeners;
      assert.equal(listener.id, ids.listener);
      assert.equal(listener.pools.length, 1);
      const [pool] = listener.pools;
      assert.equal(pool.id, ids.pool);
      assert.equal(pool.health_monitor.id, ids.hm);
      assert.equal(pool.health_monitor.provisioning_status, 'ACTIVE');
      assert.deepEqual(
        pool.members.map((m: any) => [m.id, m.address, m.protocol_port, m.provisioning_status]),
        [[ids.member, '127.0.0.1', 8080, 'ACTIVE']],
      );
    });

    it('deletes member, health monitor, pool, listener and load balancer with --wait', async () => {
      await os.ok('member', 'delete', '--wait', ids.pool, ids.member);
      assert.deepEqual(await os.json('member', 'list', ids.pool), []);
      assert.match(await os.fails('member', 'show', ids.pool, ids.member), /Unable to locate/);

      await os.ok('healthmonitor', 'delete', '--wait', ids.hm);
      assert.match(await os.fails('healthmonitor', 'show', ids.hm), new RegExp(`Unable to locate ${ids.hm} in healthmonitors`));

      await os.ok('pool', 'delete', '--wait', ids.pool);
      assert.match(await os.fails('pool', 'show', ids.pool), new RegExp(`Unable to locate ${ids.pool} in pools`));

      await os.ok('listener', 'delete', '--wait', ids.listener);
      assert.equal(
        (await os.json('listener', 'list')).find((x: any) => x.id === ids.listener),
        undefined,
      );

      await os.ok('delete', '--wait', ids.lb);
      assert.match(await os.fails('show', ids.lb), new RegExp(`Unable to locate ${ids.lb} in loadbalancers`));
      assert.equal(
        (await os.json('list')).find((x: any) => x.id === ids.lb),
        undefined,
      );
    });

    it('cascade-deletes a load balancer (VIP subnet given by id) that has a listener and a pool', async () => {
      const lb = await os.json('create', '--name', 'cli-cascade', '--vip-subnet-id', LOOPBACK_SUBNET_ID, '--wait');
      assertLive(lb, 'load balancer');
      assert.equal(lb.vip_subnet_id, LOOPBACK_SUBNET_ID);
      assert.ok(cidrContains(LOOPBACK_CIDR, lb.vip_address));
      const listener = await os.json('listener', 'create', '--protocol', 'HTTP', '--protocol-port', '8080', '--wait', lb.id);
      assertLive(listener, 'listener');
      const pool = await os.json(
        'pool',
        'create',
        '--listener',
        listener.id,
        '--protocol',
        'HTTP',
        '--lb-algorithm',
        'ROUND_ROBIN',
        '--wait',
      );
      assertLive(pool, 'pool');

      await os.ok('delete', '--cascade', '--wait', lb.id);
      assert.match(await os.fails('show', lb.id), new RegExp(`Unable to locate ${lb.id} in loadbalancers`));
      assert.match(await os.fails('listener', 'show', listener.id), new RegExp(`Unable to locate ${listener.id} in listeners`));
      assert.match(await os.fails('pool', 'show', pool.id), new RegExp(`Unable to locate ${pool.id} in pools`));
      assert.deepEqual(await os.json('list'), []);
    });
  });

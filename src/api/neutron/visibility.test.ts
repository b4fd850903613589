// Neutron's scoping for the objects the loopback driver never has (a project's own, unshared network), judged by
// the same functions the routes use.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Network, NetworkDriver, Port, Subnet } from '../../drivers/network/network-driver.js';
import { RuleEnforcer } from '../auth/enforcer.js';
import type { RequestContext } from '../auth/context.js';
import { NetworkLookup, networkVisible, portVisible, subnetVisible, viewerOf } from './visibility.js';

const enforcer = new RuleEnforcer();
const ctx = (roles: string[], projectId: string | null, systemScope: string | null = null): RequestContext => {
  const base = {
    projectId,
    userId: 'u',
    roles,
    domainId: null,
    userDomainId: null,
    projectDomainId: null,
    systemScope,
    authStrategy: 'testing',
  };
  return { ...base, isAdmin: enforcer.isAdmin(base) };
};
const viewer = (roles: string[], projectId: string | null, systemScope: string | null = null) =>
  viewerOf(enforcer, ctx(roles, projectId, systemScope));

const network = (id: string, project: string, shared: boolean): Network => ({
  id,
  name: id,
  project_id: project,
  subnets: [],
  admin_state_up: true,
  status: 'ACTIVE',
  shared,
  mtu: 1500,
});
const PRIVATE = network('net-a', 'a', false);
const SHARED = network('net-shared', 'ops', true);
const subnet = (id: string, networkId: string, project: string): Subnet => ({
  id,
  name: id,
  network_id: networkId,
  project_id: project,
  cidr: '198.18.0.0/24',
  ip_version: 4,
  gateway_ip: null,
  allocation_pools: [],
  enable_dhcp: false,
});
const port = (id: string, networkId: string, project: string | null): Port => ({
  id,
  name: id,
  network_id: networkId,
  project_id: project,
  fixed_ips: [],
  device_id: null,
  device_owner: null,
  qos_policy_id: null,
  status: 'ACTIVE',
  admin_state_up: true,
});
const networks = new NetworkLookup({
  getNetwork: async (id: string) => [PRIVATE, SHARED].find((n) => n.id === id) ?? null,
} as unknown as NetworkDriver);

describe('Neutron visibility', () => {
  it("an unshared network and its subnets are their project's; a shared network's subnets are everybody's", async () => {
    assert.equal(networkVisible(viewer(['member'], 'a'), PRIVATE), true);
    assert.equal(networkVisible(viewer(['member'], 'b'), PRIVATE), false);
    assert.equal(networkVisible(viewer(['member'], 'b'), SHARED), true);
    assert.equal(await subnetVisible(viewer([], 'a'), subnet('s1', 'net-a', 'a'), networks), true);
    assert.equal(await subnetVisible(viewer(['member'], 'b'), subnet('s1', 'net-a', 'a'), networks), false);
    // another project's subnet on a shared network is visible (rule:shared), one on an unknown network is not
    assert.equal(await subnetVisible(viewer(['member'], 'b'), subnet('s2', 'net-shared', 'ops'), networks), true);
    assert.equal(await subnetVisible(viewer(['member'], 'b'), subnet('s3', 'gone', 'ops'), networks), false);
  });

  it("a port is its project's and its network owner's, never shared with the network", async () => {
    assert.equal(await portVisible(viewer(['member'], 'c'), port('p1', 'net-a', 'c'), networks), true);
    assert.equal(await portVisible(viewer(['member'], 'a'), port('p1', 'net-a', 'c'), networks), true);
    assert.equal(await portVisible(viewer(['member'], 'b'), port('p1', 'net-a', 'c'), networks), false);
    assert.equal(await portVisible(viewer(['member'], 'b'), port('p2', 'net-shared', 'c'), networks), false);
    assert.equal(await portVisible(viewer(['member'], null), port('p3', 'net-shared', null), networks), false);
  });

  it('admins, global observers and system readers see everything', async () => {
    for (const v of [
      viewer(['admin'], 'z'),
      viewer(['load-balancer_admin'], 'z'),
      viewer(['load-balancer_global_observer'], 'z'),
      viewer(['reader'], null, 'all'),
    ]) {
      assert.equal(v.global, true);
      assert.equal(networkVisible(v, PRIVATE), true);
      assert.equal(await subnetVisible(v, subnet('s1', 'net-a', 'a'), networks), true);
      assert.equal(await portVisible(v, port('p1', 'net-a', 'c'), networks), true);
    }
    for (const v of [viewer(['load-balancer_observer', 'reader'], 'z'), viewer(['member'], null, 'all'), viewer([], null)])
      assert.equal(v.global, false);
  });
});

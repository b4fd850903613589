// The read-only Neutron subset under /v2.0 that lets the openstack CLI resolve --vip-subnet-id by name or id:
// networks and subnets lists (with equality filters), shows and Neutron-style 404s.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeEachDatabase } from '../support/matrix.js';
import { VIP_NETWORK, VIP_SUBNET } from '../support/fixtures.js';

describeEachDatabase('transport neutron subset', (api) => {
  it('lists the loopback-vip network, also by name and id', async () => {
    const all = await api().get('/v2.0/networks');
    assert.equal(all.status, 200, all.text);
    assert.match(all.headers.get('content-type') ?? '', /^application\/json/);
    const net = all.body.networks.find((n: any) => n.id === VIP_NETWORK);
    assert.equal(net.name, 'loopback-vip');
    assert.deepEqual(net.subnets, [VIP_SUBNET]);
    assert.equal(net.admin_state_up, true);
    assert.equal(net.status, 'ACTIVE');
    const byName = await api().get('/v2.0/networks?name=loopback-vip');
    assert.deepEqual(
      byName.body.networks.map((n: any) => n.id),
      [VIP_NETWORK],
    );
    const byId = await api().get(`/v2.0/networks?id=${VIP_NETWORK}`);
    assert.deepEqual(
      byId.body.networks.map((n: any) => n.id),
      [VIP_NETWORK],
    );
    assert.deepEqual((await api().get('/v2.0/networks?name=no-such-net')).body, { networks: [] });
  });

  it('lists the loopback subnet by name and by id, with its CIDR', async () => {
    for (const query of ['name=loopback-vip', `id=${VIP_SUBNET}`, `name=loopback-vip&network_id=${VIP_NETWORK}`]) {
      const res = await api().get(`/v2.0/subnets?${query}`);
      assert.equal(res.status, 200, res.text);
      assert.equal(res.body.subnets.length, 1, query);
      const subnet = res.body.subnets[0];
      assert.equal(subnet.id, VIP_SUBNET);
      assert.equal(subnet.name, 'loopback-vip');
      assert.equal(subnet.network_id, VIP_NETWORK);
      assert.equal(subnet.cidr, '127.80.0.0/16');
      assert.equal(subnet.ip_version, 4);
    }
    assert.deepEqual((await api().get('/v2.0/subnets?name=other')).body, { subnets: [] });
    assert.deepEqual((await api().get('/v2.0/subnets?id=00000000-0000-4000-8000-000000000000')).body, { subnets: [] });
  });

  it('shows a network and a subnet by id', async () => {
    const net = await api().get(`/v2.0/networks/${VIP_NETWORK}`);
    assert.equal(net.status, 200);
    assert.equal(net.body.network.id, VIP_NETWORK);
    assert.equal(net.body.network.name, 'loopback-vip');
    const subnet = await api().get(`/v2.0/subnets/${VIP_SUBNET}`);
    assert.equal(subnet.status, 200);
    assert.equal(subnet.body.subnet.cidr, '127.80.0.0/16');
    assert.equal(subnet.body.subnet.network_id, VIP_NETWORK);
  });

  it('fields= trims lists and shows', async () => {
    const list = await api().get('/v2.0/subnets?name=loopback-vip&fields=id&fields=cidr');
    assert.deepEqual(list.body, { subnets: [{ id: VIP_SUBNET, cidr: '127.80.0.0/16' }] });
    const show = await api().get(`/v2.0/networks/${VIP_NETWORK}?fields=name`);
    assert.deepEqual(show.body, { network: { name: 'loopback-vip' } });
  });

  it('unknown ids are Neutron-style 404s', async () => {
    const id = '99999999-8888-4777-8666-555555555555';
    const subnet = await api().get(`/v2.0/subnets/${id}`);
    assert.equal(subnet.status, 404);
    assert.deepEqual(subnet.body, { NeutronError: { type: 'SubnetNotFound', message: `Subnet ${id} could not be found.`, detail: '' } });
    const net = await api().get(`/v2.0/networks/${id}`);
    assert.equal(net.status, 404);
    assert.deepEqual(net.body, { NeutronError: { type: 'NetworkNotFound', message: `Network ${id} could not be found.`, detail: '' } });
  });
});

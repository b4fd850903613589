// network_noop_driver behaves as Octavia's noop network driver (octavia/network/drivers/noop_driver): any UUID is
// a network, a subnet of any network, and a port; and with every data-plane driver noop, an amphora of the amphora
// provider carries UUIDs for its compute instance, its VRRP port and its HA port, as Octavia's noop drivers give.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { startApi, type TestApi } from '../support/api-harness.js';
import { LB, waitActive } from '../support/fixtures.js';
import { describeEachDatabase } from '../support/matrix.js';
import { testDialects } from '../support/databases.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const NOOP_NETWORK = { controller_worker: { network_driver: 'network_noop_driver' } };

describeEachDatabase(
  'network_noop_driver: any UUID is a network, subnet or port',
  (api) => {
    it('a VIP on an arbitrary network and an arbitrary subnet of it', async () => {
      const networkId = randomUUID();
      const subnetId = randomUUID();
      const res = await api().post(LB, { loadbalancer: { vip_network_id: networkId, vip_subnet_id: subnetId } });
      assert.equal(res.status, 201, res.text);
      assert.equal(res.body.loadbalancer.vip_network_id, networkId);
      assert.equal(res.body.loadbalancer.vip_subnet_id, subnetId);
      assert.match(res.body.loadbalancer.vip_port_id, UUID);
      const lb = await waitActive(api(), res.body.loadbalancer.id);
      assert.equal(lb.vip_network_id, networkId);
      assert.equal(lb.vip_subnet_id, subnetId);
      // the subnet now reports the network it was used on, as Octavia's noop network does
      const subnet = await api().get(`/v2.0/subnets/${subnetId}`);
      assert.equal(subnet.status, 200, subnet.text);
      assert.equal(subnet.body.subnet.network_id, networkId);
    });

    it('additional VIPs on arbitrary subnets of that network', async () => {
      const networkId = randomUUID();
      const [primary, extra] = [randomUUID(), randomUUID()];
      const res = await api().post(LB, {
        loadbalancer: { vip_network_id: networkId, vip_subnet_id: primary, additional_vips: [{ subnet_id: extra }] },
      });
      assert.equal(res.status, 201, res.text);
      assert.equal(res.body.loadbalancer.vip_network_id, networkId);
      assert.deepEqual(
        res.body.loadbalancer.additional_vips.map((v: any) => v.subnet_id),
        [extra],
      );
    });

    it("an arbitrary port exists but has no address, so the VIP needs one Octavia's way", async () => {
      const portId = randomUUID();
      const alone = await api().post(LB, { loadbalancer: { vip_port_id: portId } });
      assert.equal(alone.status, 400, alone.text);
      assert.equal(
        alone.body.faultstring,
        "Validation failure: VIP port's subnet could not be determined. Please specify either a VIP subnet or address.",
      );
      const withSubnet = await api().post(LB, { loadbalancer: { vip_port_id: portId, vip_subnet_id: randomUUID() } });
      assert.equal(withSubnet.status, 400, withSubnet.text);
      assert.equal(
        withSubnet.body.faultstring,
        'Validation failure: No VIP address found on the specified VIP port within the specified subnet.',
      );
    });
  },
  NOOP_NETWORK,
);

for (const dialect of testDialects()) {
  describe(`amphora provider with noop compute, network and amphora drivers [${dialect}]`, () => {
    let api: TestApi;
    before(async () => {
      api = await startApi(dialect, { api_settings: { default_provider_driver: 'amphora' }, ...NOOP_NETWORK }, { worker: true });
    });
    after(async () => api?.close());

    it('amphorae have UUIDs for compute_id, vrrp_port_id and ha_port_id', async () => {
      const res = await api.post(LB, { loadbalancer: { vip_network_id: randomUUID(), vip_subnet_id: randomUUID() } });
      assert.equal(res.status, 201, res.text);
      const lb = await waitActive(api, res.body.loadbalancer.id);
      const list = await api.get(`/v2/octavia/amphorae?loadbalancer_id=${lb.id}`);
      assert.equal(list.status, 200, list.text);
      assert.equal(list.body.amphorae.length, 1);
      for (const amp of list.body.amphorae) {
        for (const key of ['id', 'compute_id', 'vrrp_port_id', 'ha_port_id']) assert.match(String(amp[key]), UUID, `${key}: ${amp[key]}`);
        // the HA port is the VIP port (allowed address pairs); the VRRP port is the amphora's own
        assert.equal(amp.ha_port_id, lb.vip_port_id);
        assert.notEqual(amp.vrrp_port_id, amp.ha_port_id);
        assert.equal(amp.ha_ip, lb.vip_address);
        assert.notEqual(amp.vrrp_ip, null);
      }
    });
  });
}

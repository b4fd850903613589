// VIP resolution and allocation on the loopback network (subnet 127.80.0.0/16): by subnet, network or port, chosen
// addresses, conflicts, unknown references and the deployment switches that disallow a kind of VIP reference.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeEachDatabase } from '../support/matrix.js';
import { assertFault, createLb, LB, VIP_NETWORK, VIP_SUBNET, waitActive } from '../support/fixtures.js';

const VIP_RE = /^127\.80\.\d{1,3}\.\d{1,3}$/;
const UNKNOWN = '9d3c2b1a-8e7f-4a6b-9c5d-4e3f2a1b0c9d';

describeEachDatabase('load balancer VIP', (api) => {
  it('allocates from the subnet given by vip_subnet_id', async () => {
    const lb = await createLb(api());
    assert.match(lb.vip_address, VIP_RE);
    assert.equal(lb.vip_subnet_id, VIP_SUBNET);
    assert.equal(lb.vip_network_id, VIP_NETWORK);
  });

  it('derives the subnet from vip_network_id, alone or with a subnet or an address', async () => {
    const byNetwork = await createLb(api(), { vip_subnet_id: undefined, vip_network_id: VIP_NETWORK });
    assert.equal(byNetwork.vip_subnet_id, VIP_SUBNET);
    assert.equal(byNetwork.vip_network_id, VIP_NETWORK);
    assert.match(byNetwork.vip_address, VIP_RE);

    const both = await createLb(api(), { vip_network_id: VIP_NETWORK });
    assert.equal(both.vip_subnet_id, VIP_SUBNET);

    const withAddress = await createLb(api(), { vip_subnet_id: undefined, vip_network_id: VIP_NETWORK, vip_address: '127.80.33.3' });
    assert.equal(withAddress.vip_subnet_id, VIP_SUBNET);
    assert.equal(withAddress.vip_address, '127.80.33.3');
  });

  it('gives every load balancer its own address', async () => {
    const a = await createLb(api());
    const b = await createLb(api());
    assert.notEqual(a.vip_address, b.vip_address);
    assert.notEqual(a.vip_port_id, b.vip_port_id);
  });

  it('honours a chosen vip_address and refuses it once taken', async () => {
    const lb = await createLb(api(), { vip_address: '127.80.44.4' });
    assert.equal(lb.vip_address, '127.80.44.4');
    assert.equal((await api().get(`${LB}/${lb.id}`)).body.loadbalancer.vip_address, '127.80.44.4');
    assertFault(
      await api().post(LB, { loadbalancer: { vip_subnet_id: VIP_SUBNET, vip_address: '127.80.44.4' } }),
      409,
      `IP address 127.80.44.4 already allocated in subnet ${VIP_SUBNET}`,
    );
  });

  it("refuses addresses outside the subnet's allocation pool", async () => {
    for (const address of ['127.81.0.1', '127.0.0.1', '127.80.0.0', '127.80.255.255', '::1']) {
      assertFault(
        await api().post(LB, { loadbalancer: { vip_subnet_id: VIP_SUBNET, vip_address: address } }),
        400,
        `IP address ${address} is not a valid IP for the specified subnet.`,
      );
    }
    assertFault(
      await api().post(LB, { loadbalancer: { vip_network_id: VIP_NETWORK, vip_address: '127.81.0.1' } }),
      400,
      'Validation failure: Supplied network does not contain a subnet for VIP address specified.',
    );
  });

  it('answers 400 for unknown subnets, networks and ports', async () => {
    assertFault(await api().post(LB, { loadbalancer: { vip_subnet_id: UNKNOWN } }), 400, `Subnet ${UNKNOWN} not found.`);
    assertFault(await api().post(LB, { loadbalancer: { vip_network_id: UNKNOWN } }), 400, `Network ${UNKNOWN} not found.`);
    assertFault(
      await api().post(LB, { loadbalancer: { vip_network_id: VIP_NETWORK, vip_subnet_id: UNKNOWN } }),
      400,
      `Subnet ${UNKNOWN} not found.`,
    );
    assertFault(await api().post(LB, { loadbalancer: { vip_port_id: UNKNOWN } }), 400, `Port ${UNKNOWN} not found.`);
  });

  it('refuses a VIP port that another load balancer uses', async () => {
    const lb = await createLb(api());
    assertFault(
      await api().post(LB, { loadbalancer: { vip_port_id: lb.vip_port_id } }),
      400,
      `Validation failure: Port ${lb.vip_port_id} is already used by device lb-${lb.id} `,
    );
  });

  it('gives back the address of a create that fails after allocation', async () => {
    const address = '127.80.55.5';
    const failed = await api().post(LB, {
      loadbalancer: {
        vip_subnet_id: VIP_SUBNET,
        vip_address: address,
        listeners: [
          { protocol: 'HTTP', protocol_port: 80 },
          { protocol: 'TCP', protocol_port: 80 },
        ],
      },
    });
    assertFault(failed, 409, 'Another Listener on this Load Balancer is already using protocol HTTP and protocol_port 80');
    const list = await api().get(`${LB}?vip_address=${address}`);
    assert.deepEqual(list.body.loadbalancers, []);
    const lb = await createLb(api(), { vip_address: address });
    assert.equal(lb.vip_address, address);
    assert.equal((await waitActive(api(), lb.id)).vip_address, address);
  });
});

describeEachDatabase(
  'load balancer VIP kinds disallowed by configuration',
  (api) => {
    it('refuses a disallowed kind and lists only the allowed ones', async () => {
      assertFault(
        await api().post(LB, { loadbalancer: { vip_subnet_id: VIP_SUBNET } }),
        400,
        "Validation failure: use of vip_subnet_id is disallowed by this deployment's configuration.",
      );
      assertFault(
        await api().post(LB, { loadbalancer: { vip_port_id: UNKNOWN } }),
        400,
        "Validation failure: use of vip_port_id is disallowed by this deployment's configuration.",
      );
      assertFault(
        await api().post(LB, { loadbalancer: { name: 'x' } }),
        400,
        'Validation failure: VIP must contain one of: vip_network_id.',
      );
      const lb = await createLb(api(), { vip_subnet_id: undefined, vip_network_id: VIP_NETWORK });
      assert.equal(lb.vip_subnet_id, VIP_SUBNET);
    });
  },
  { networking: { allow_vip_subnet_id: false, allow_vip_port_id: false } },
);

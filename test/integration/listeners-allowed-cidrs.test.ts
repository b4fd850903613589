// Listener allowed_cidrs (VIP ACL): normalization, de-duplication, the VIP IP-version rule, and clearing on PUT.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeEachDatabase } from '../support/matrix.js';
import { assertFault, createLb, createListener, waitActive } from '../support/fixtures.js';

const LISTENERS = '/v2/lbaas/listeners';
const sorted = (list: string[] | null) => (list === null ? null : [...list].sort());

describeEachDatabase('listener allowed_cidrs', (api) => {
  it('stores normalized CIDRs once each', async () => {
    const lb = await createLb(api());
    const l = await createListener(api(), lb.id, {
      allowed_cidrs: ['127.0.0.1/8', '198.18.7.9/15', '127.0.0.0/8', '198.19.0.1'],
    });
    assert.deepEqual(sorted(l.allowed_cidrs), ['127.0.0.0/8', '198.18.0.0/15', '198.19.0.1/32']);
    const shown = (await api().get(`${LISTENERS}/${l.id}`)).body.listener;
    assert.deepEqual(sorted(shown.allowed_cidrs), ['127.0.0.0/8', '198.18.0.0/15', '198.19.0.1/32']);
  });

  it('renders an empty list as null', async () => {
    const lb = await createLb(api());
    const l = await createListener(api(), lb.id, { allowed_cidrs: [] });
    assert.equal(l.allowed_cidrs, null);
  });

  it('refuses malformed CIDRs', async () => {
    const lb = await createLb(api());
    for (const cidr of ['not-a-cidr', '127.0.0.0/33', '127.0.0.256/8', '198.18.0.0/']) {
      assertFault(
        await api().post(LISTENERS, { listener: { loadbalancer_id: lb.id, protocol: 'TCP', protocol_port: 22, allowed_cidrs: [cidr] } }),
        400,
        /^Invalid input for field\/attribute allowed_cidrs\. Value: .*\. Value should be IPv4 or IPv6 CIDR format$/,
      );
    }
  });

  it('refuses CIDRs of another IP version than the VIP', async () => {
    const lb = await createLb(api());
    assertFault(
      await api().post(LISTENERS, {
        listener: { loadbalancer_id: lb.id, protocol: 'TCP', protocol_port: 22, allowed_cidrs: ['127.0.0.0/8', '::/0'] },
      }),
      400,
      `Validation failure: CIDR ::/0 IP version incompatible with VIP ${lb.vip_address} IP version.`,
    );
    const l = await createListener(api(), lb.id, { protocol: 'TCP', protocol_port: 22, allowed_cidrs: ['127.0.0.0/8'] });
    assertFault(
      await api().put(`${LISTENERS}/${l.id}`, { listener: { allowed_cidrs: ['2001:db8::/32'] } }),
      400,
      `Validation failure: CIDR 2001:db8::/32 IP version incompatible with VIP ${lb.vip_address} IP version.`,
    );
    assert.deepEqual((await api().get(`${LISTENERS}/${l.id}`)).body.listener.allowed_cidrs, ['127.0.0.0/8']);
  });

  it('replaces the list on PUT and clears it with [] or null', async () => {
    const lb = await createLb(api());
    const l = await createListener(api(), lb.id, { allowed_cidrs: ['127.0.0.0/8'] });
    const put = async (value: unknown) => {
      const res = await api().put(`${LISTENERS}/${l.id}`, { listener: { allowed_cidrs: value } });
      assert.equal(res.status, 200, res.text);
      await waitActive(api(), lb.id);
      return (await api().get(`${LISTENERS}/${l.id}`)).body.listener.allowed_cidrs;
    };
    assert.deepEqual(sorted(await put(['198.18.0.0/16', '127.1.0.0/16'])), ['127.1.0.0/16', '198.18.0.0/16']);
    assert.equal(await put([]), null);
    assert.deepEqual(await put(['127.0.0.5/24']), ['127.0.0.0/24']);
    assert.equal(await put(null), null);
    // untouched when omitted
    await put(['127.0.0.0/8']);
    const res = await api().put(`${LISTENERS}/${l.id}`, { listener: { name: 'other change' } });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.body.listener.allowed_cidrs, ['127.0.0.0/8']);
    await waitActive(api(), lb.id);
  });
});

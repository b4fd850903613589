// §1.3/§3.2 request decoding: WSME's lenient booleans ("yes"/"off"/1/0), the "Value not an unambiguous boolean"
// fault reported against the body argument, numeric strings for integers, bad JSON and missing wrappers.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { describeEachDatabase } from '../support/matrix.js';
import { assertFault, createLb, LB, VIP_SUBNET, waitActive } from '../support/fixtures.js';

describeEachDatabase('transport decoding', (api) => {
  let lb: any;
  before(async () => {
    lb = await createLb(api());
  });

  const listener = async (extra: Record<string, unknown>, port: number) =>
    api().post('/v2/lbaas/listeners', { listener: { loadbalancer_id: lb.id, protocol: 'HTTP', protocol_port: port, ...extra } });

  it('booleans accept JSON bools, integers and the lowercase true/false words', async () => {
    const cases: [unknown, boolean][] = [
      [true, true],
      [false, false],
      [1, true],
      [0, false],
      [2, true],
      ['true', true],
      ['t', true],
      ['yes', true],
      ['y', true],
      ['on', true],
      ['1', true],
      ['false', false],
      ['f', false],
      ['no', false],
      ['n', false],
      ['off', false],
      ['0', false],
    ];
    let port = 2000;
    for (const [input, expected] of cases) {
      const res = await listener({ admin_state_up: input }, port++);
      assert.equal(res.status, 201, `${JSON.stringify(input)}: ${res.text}`);
      assert.equal(res.body.listener.admin_state_up, expected, JSON.stringify(input));
      await waitActive(api(), lb.id);
    }
  });

  it('anything else is 400 against the body argument, echoing the body as Python prints it', async () => {
    const body = { loadbalancer: { vip_subnet_id: VIP_SUBNET, admin_state_up: 'maybe' } };
    assertFault(
      await api().post(LB, body),
      400,
      `Invalid input for field/attribute load_balancer. Value: '{'loadbalancer': {'vip_subnet_id': '${VIP_SUBNET}', ` +
        "'admin_state_up': 'maybe'}}'. Value not an unambiguous boolean: maybe",
    );
    for (const bad of ['True', 'YES', 'Off', ' yes', 'enabled', '', 1.5]) {
      const res = await listener({ admin_state_up: bad }, 2999);
      assertFault(
        res,
        400,
        /^Invalid input for field\/attribute listener_\. Value: '\{'listener': \{.*\}\}'\. Value not an unambiguous boolean: /,
      );
      assert.ok(res.body.faultstring.endsWith(`Value not an unambiguous boolean: ${String(bad)}`), res.body.faultstring);
    }
  });

  it('the same rule applies on update', async () => {
    const res = await api().put(`${LB}/${lb.id}`, { loadbalancer: { admin_state_up: 'nope' } });
    assertFault(
      res,
      400,
      "Invalid input for field/attribute load_balancer. Value: '{'loadbalancer': {'admin_state_up': 'nope'}}'. " +
        'Value not an unambiguous boolean: nope',
    );
    const ok = await api().put(`${LB}/${lb.id}`, { loadbalancer: { admin_state_up: 'off' } });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.body.loadbalancer.admin_state_up, false);
    await waitActive(api(), lb.id);
  });

  it('integers accept numeric strings', async () => {
    const res = await listener({ connection_limit: '100' }, '3001' as unknown as number);
    assert.equal(res.status, 201, res.text);
    assert.equal(res.body.listener.protocol_port, 3001);
    assert.equal(res.body.listener.connection_limit, 100);
    await waitActive(api(), lb.id);
  });

  it('a body that is not JSON is 400 "Request is not in valid JSON format"', async () => {
    assertFault(await api().post(LB, '{"loadbalancer": '), 400, 'Request is not in valid JSON format');
    assertFault(await api().put(`${LB}/${lb.id}`, 'not json'), 400, 'Request is not in valid JSON format');
  });

  it('a body without its wrapper key is 400, not 500', async () => {
    for (const body of [{}, [], { listener: {} }]) {
      const res = await api().post(LB, body);
      assert.equal(res.status, 400, `${JSON.stringify(body)}: ${res.text}`);
      assert.equal(res.body.faultcode, 'Client');
    }
    const empty = await api().request('POST', LB, undefined, { 'content-type': 'application/json' });
    assert.equal(empty.status, 400, empty.text);
  });
});

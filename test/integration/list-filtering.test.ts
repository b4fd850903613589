// §4 filtering: equality on any API attribute of every collection (admin_state_up parsed as a boolean), 400 for
// an unknown parameter, project scoping, and DELETED load balancers never listed.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { describeEachDatabase } from '../support/matrix.js';
import {
  assertFault,
  createHealthMonitor,
  createLb,
  createListener,
  createMember,
  createPool,
  LB,
  VIP_SUBNET,
} from '../support/fixtures.js';
import { createPolicy, POLICIES, rulesOf } from '../support/l7-fixtures.js';
import { eventually } from '../support/eventually.js';

const BAD_FILTER = 'One or more arguments are either duplicate or invalid';

describeEachDatabase('list filtering', (api) => {
  let a: any;
  let b: any;
  let l80: any;
  let l81: any;
  let p1: any;
  let p2: any;
  let m1: any;
  let m2: any;
  let hm: any;
  let reject: any;
  let redirect: any;
  before(async () => {
    a = await createLb(api(), { name: 'flt-a', description: 'first', project_id: 'proj-filter' });
    b = await createLb(api(), { name: 'flt-b', admin_state_up: false });
    l80 = await createListener(api(), a.id, { name: 'l80', protocol_port: 80 });
    l81 = await createListener(api(), a.id, { name: 'l81', protocol: 'TCP', protocol_port: 81, admin_state_up: false });
    p1 = await createPool(api(), a.id, { name: 'p1' });
    p2 = await createPool(api(), a.id, { name: 'p2', protocol: 'TCP', lb_algorithm: 'LEAST_CONNECTIONS' });
    m1 = await createMember(api(), a.id, p1.id, { address: '127.0.0.1', protocol_port: 80 });
    m2 = await createMember(api(), a.id, p1.id, { address: '127.0.0.2', protocol_port: 81, weight: 5 });
    hm = await createHealthMonitor(api(), a.id, p1.id);
    const stack = { lb: a, listener: l80, pool: p1 };
    reject = await createPolicy(api(), stack);
    redirect = await createPolicy(api(), stack, { action: 'REDIRECT_TO_URL', redirect_url: 'http://example.com' });
  });

  const idsOf = async (path: string, key: string): Promise<string[]> => {
    const res = await api().get(path);
    assert.equal(res.status, 200, `${path}: ${res.text}`);
    return res.body[key].map((x: any) => x.id).sort();
  };
  const sorted = (...xs: any[]) => xs.map((x) => x.id).sort();

  it('load balancers by name, description, vip, statuses and project', async () => {
    assert.deepEqual(await idsOf(`${LB}?name=flt-a`, 'loadbalancers'), sorted(a));
    assert.deepEqual(await idsOf(`${LB}?description=first`, 'loadbalancers'), sorted(a));
    assert.deepEqual(await idsOf(`${LB}?vip_address=${b.vip_address}`, 'loadbalancers'), sorted(b));
    assert.deepEqual(await idsOf(`${LB}?vip_subnet_id=${VIP_SUBNET}`, 'loadbalancers'), sorted(a, b));
    assert.deepEqual(await idsOf(`${LB}?provisioning_status=ACTIVE`, 'loadbalancers'), sorted(a, b));
    assert.deepEqual(await idsOf(`${LB}?provisioning_status=ERROR`, 'loadbalancers'), []);
    assert.deepEqual(await idsOf(`${LB}?operating_status=OFFLINE`, 'loadbalancers'), sorted(b));
    assert.deepEqual(await idsOf(`${LB}?project_id=proj-filter`, 'loadbalancers'), sorted(a));
    assert.deepEqual(await idsOf(`${LB}?project_id=nobody`, 'loadbalancers'), []);
    assert.deepEqual(await idsOf(`${LB}?name=flt-a&admin_state_up=false`, 'loadbalancers'), []);
  });

  it('admin_state_up accepts the boolean spellings', async () => {
    for (const word of ['false', 'False', 'no', 'off', '0', 'f']) {
      assert.deepEqual(await idsOf(`${LB}?admin_state_up=${word}`, 'loadbalancers'), sorted(b), word);
    }
    for (const word of ['true', 'True', 'yes', 'on', '1', 't']) {
      assert.deepEqual(await idsOf(`${LB}?admin_state_up=${word}`, 'loadbalancers'), sorted(a), word);
    }
  });

  it('listeners by protocol_port, protocol, loadbalancer_id and admin_state_up', async () => {
    assert.deepEqual(await idsOf('/v2/lbaas/listeners?protocol_port=80', 'listeners'), sorted(l80));
    assert.deepEqual(await idsOf('/v2/lbaas/listeners?protocol=TCP', 'listeners'), sorted(l81));
    assert.deepEqual(await idsOf(`/v2/lbaas/listeners?loadbalancer_id=${a.id}`, 'listeners'), sorted(l80, l81));
    assert.deepEqual(await idsOf(`/v2/lbaas/listeners?loadbalancer_id=${b.id}`, 'listeners'), []);
    assert.deepEqual(await idsOf('/v2/lbaas/listeners?admin_state_up=false', 'listeners'), sorted(l81));
    assert.deepEqual(await idsOf('/v2/lbaas/listeners?protocol=HTTP&protocol_port=81', 'listeners'), []);
    assert.deepEqual(await idsOf(`/v2/lbaas/listeners?default_pool_id=${p1.id}`, 'listeners'), []);
  });

  it('pools, members and health monitors by their attributes', async () => {
    assert.deepEqual(await idsOf('/v2/lbaas/pools?lb_algorithm=LEAST_CONNECTIONS', 'pools'), sorted(p2));
    assert.deepEqual(await idsOf(`/v2/lbaas/pools?loadbalancer_id=${a.id}&protocol=HTTP`, 'pools'), sorted(p1));
    const members = `/v2/lbaas/pools/${p1.id}/members`;
    assert.deepEqual(await idsOf(`${members}?address=127.0.0.2`, 'members'), sorted(m2));
    assert.deepEqual(await idsOf(`${members}?protocol_port=80`, 'members'), sorted(m1));
    assert.deepEqual(await idsOf(`${members}?weight=5`, 'members'), sorted(m2));
    assert.deepEqual(await idsOf(`${members}?provisioning_status=ACTIVE&backup=false`, 'members'), sorted(m1, m2));
    assert.deepEqual(await idsOf(`/v2/lbaas/pools/${p2.id}/members`, 'members'), []);
    assert.deepEqual(await idsOf('/v2/lbaas/healthmonitors?type=HTTP', 'healthmonitors'), sorted(hm));
    assert.deepEqual(await idsOf(`/v2/lbaas/healthmonitors?pool_id=${p2.id}`, 'healthmonitors'), []);
  });

  it('l7 policies and rules by their attributes', async () => {
    assert.deepEqual(await idsOf(`${POLICIES}?action=REJECT`, 'l7policies'), sorted(reject));
    assert.deepEqual(await idsOf(`${POLICIES}?position=2&listener_id=${l80.id}`, 'l7policies'), sorted(redirect));
    assert.deepEqual(await idsOf(`${POLICIES}?redirect_http_code=302`, 'l7policies'), sorted(redirect));
    assert.deepEqual(await idsOf(`${POLICIES}?listener_id=${l81.id}`, 'l7policies'), []);
    assert.deepEqual(await idsOf(`${rulesOf(reject.id)}?invert=false`, 'rules'), []);
  });

  it('an unknown filter parameter is 400 on every collection', async () => {
    const paths = [
      LB,
      '/v2/lbaas/listeners',
      '/v2/lbaas/pools',
      `/v2/lbaas/pools/${p1.id}/members`,
      '/v2/lbaas/healthmonitors',
      POLICIES,
      rulesOf(reject.id),
    ];
    for (const path of paths) assertFault(await api().get(`${path}?flavour=vanilla`), 400, BAD_FILTER);
    assertFault(await api().get(`${LB}?name=flt-a&nonsense=1`), 400, BAD_FILTER);
  });

  it('DELETED load balancers are never listed', async () => {
    const gone = await createLb(api(), { name: 'flt-gone' });
    assert.equal((await api().delete(`${LB}/${gone.id}`)).status, 204);
    const status = async () => (await api().get(`${LB}/${gone.id}`)).status;
    await eventually('the load balancer to finish deleting', status, { until: (s) => s === 404, timeoutMs: 10_000, intervalMs: 20 });
    assert.deepEqual(await idsOf(`${LB}?name=flt-gone`, 'loadbalancers'), []);
    assert.deepEqual(await idsOf(`${LB}?provisioning_status=DELETED`, 'loadbalancers'), []);
    assert.deepEqual(await idsOf(LB, 'loadbalancers'), sorted(a, b));
  });
});

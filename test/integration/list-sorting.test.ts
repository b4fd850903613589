// §4 sorting: sort=key[:dir],..., the legacy sort_key/sort_dir pair, API attribute names mapped to storage
// (vip_address, loadbalancer_id, admin_state_up), and the 400s for bad keys and directions.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { describeEachDatabase } from '../support/matrix.js';
import { assertFault, createLb, createListener, LB } from '../support/fixtures.js';

const LISTENERS = '/v2/lbaas/listeners';

describeEachDatabase('list sorting', (api) => {
  let lb: any;
  // listeners in creation order: [name, protocol, port, admin_state_up]
  const specs = [
    ['b-web', 'HTTP', 8080, true],
    ['a-tls', 'HTTPS', 443, false],
    ['c-raw', 'TCP', 9000, true],
    ['a-alt', 'HTTP', 80, true],
  ] as const;
  let ids: string[] = [];
  before(async () => {
    lb = await createLb(api());
    ids = [];
    for (const [name, protocol, port, up] of specs) {
      ids.push((await createListener(api(), lb.id, { name, protocol, protocol_port: port, admin_state_up: up })).id);
    }
  });

  const order = async (query: string): Promise<string[]> => {
    const res = await api().get(`${LISTENERS}?loadbalancer_id=${lb.id}&${query}`);
    assert.equal(res.status, 200, res.text);
    return res.body.listeners.map((l: any) => l.name);
  };

  it('defaults to creation order', async () => {
    assert.deepEqual(await order(''), ['b-web', 'a-tls', 'c-raw', 'a-alt']);
  });

  it('sorts by one key, ascending by default, direction case-insensitive', async () => {
    assert.deepEqual(await order('sort=name'), ['a-alt', 'a-tls', 'b-web', 'c-raw']);
    assert.deepEqual(await order('sort=name:desc'), ['c-raw', 'b-web', 'a-tls', 'a-alt']);
    assert.deepEqual(await order('sort=name:DESC'), ['c-raw', 'b-web', 'a-tls', 'a-alt']);
    assert.deepEqual(await order('sort=protocol_port:asc'), ['a-alt', 'a-tls', 'b-web', 'c-raw']);
  });

  it('sorts by several keys; created_at then id break ties', async () => {
    assert.deepEqual(await order('sort=protocol:asc,protocol_port:desc'), ['b-web', 'a-alt', 'a-tls', 'c-raw']);
    assert.deepEqual(await order('sort=protocol'), ['b-web', 'a-alt', 'a-tls', 'c-raw']);
    assert.deepEqual(await order('sort=admin_state_up:asc,name:desc'), ['a-tls', 'c-raw', 'b-web', 'a-alt']);
  });

  it('legacy sort_key/sort_dir pair positionally; missing directions are asc', async () => {
    assert.deepEqual(await order('sort_key=protocol,protocol_port&sort_dir=desc'), ['c-raw', 'a-tls', 'a-alt', 'b-web']);
    assert.deepEqual(await order('sort_key=protocol,protocol_port&sort_dir=asc,desc'), ['b-web', 'a-alt', 'a-tls', 'c-raw']);
    assert.deepEqual(await order('sort_key=name'), ['a-alt', 'a-tls', 'b-web', 'c-raw']);
  });

  it('sort wins over sort_key; sort_dir without keys is ignored, even when invalid', async () => {
    assert.deepEqual(await order('sort=name:desc&sort_key=protocol_port&sort_dir=asc'), ['c-raw', 'b-web', 'a-tls', 'a-alt']);
    assert.deepEqual(await order('sort_dir=sideways'), ['b-web', 'a-tls', 'c-raw', 'a-alt']);
  });

  it('sorts by API names that map to other columns', async () => {
    const second = await createLb(api());
    // the suite's only load balancers
    const res = await api().get(`${LB}?sort=vip_address:desc`);
    assert.equal(res.status, 200, res.text);
    const sorted = [lb, second].sort((x, y) => ipOrder(y.vip_address, x.vip_address)).map((x) => x.id);
    assert.deepEqual(
      res.body.loadbalancers.map((x: any) => x.id),
      sorted,
    );
    const byLb = await api().get(`${LISTENERS}?sort=loadbalancer_id,name&fields=name&loadbalancer_id=${lb.id}`);
    assert.deepEqual(
      byLb.body.listeners.map((l: any) => l.name),
      ['a-alt', 'a-tls', 'b-web', 'c-raw'],
    );
  });

  it('an unknown sort key is 400', async () => {
    assertFault(await api().get(`${LISTENERS}?sort=bogus`), 400, "Supplied sort key 'bogus' is not valid.");
    assertFault(await api().get(`${LISTENERS}?sort=name:asc,bogus:desc`), 400, "Supplied sort key 'bogus' is not valid.");
    assertFault(await api().get(`${LISTENERS}?sort_key=bogus`), 400, "Supplied sort key 'bogus' is not valid.");
    assertFault(await api().get(`${LB}?sort=vip_bogus`), 400, "Supplied sort key 'vip_bogus' is not valid.");
    assertFault(await api().get(`${LISTENERS}?sort=name:asc:x`), 400, "Supplied sort key '['name', 'asc', 'x']' is not valid.");
  });

  it('an unknown sort direction is 400', async () => {
    assertFault(await api().get(`${LISTENERS}?sort=name:up`), 400, "Supplied sort direction 'up' is not valid.");
    assertFault(await api().get(`${LISTENERS}?sort_key=name&sort_dir=down`), 400, "Supplied sort direction 'down' is not valid.");
    assertFault(
      await api().get(`${LISTENERS}?sort_key=name,protocol&sort_dir=asc,Sideways`),
      400,
      "Supplied sort direction 'sideways' is not valid.",
    );
  });
});

/** Compares dotted IPv4 addresses as text, the way a string column sorts them. */
function ipOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// L7 policy positions: 1-based and dense per listener; insert shifts later policies down, a position past the end
// appends, an update moves, a delete compacts; lists and the listener's l7policies follow position order.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeEachDatabase } from '../support/matrix.js';
import { assertFault, waitActive } from '../support/fixtures.js';
import { createPolicy, type L7Stack, l7Stack, POLICIES, positionsOf } from '../support/l7-fixtures.js';

describeEachDatabase('l7policies position', (api) => {
  let port = 8000;
  const freshStack = (): Promise<L7Stack> => l7Stack(api(), port++);

  it('appends by default and with a position past the end', async () => {
    const s = await freshStack();
    const a = await createPolicy(api(), s, { name: 'a' });
    const b = await createPolicy(api(), s, { name: 'b', position: 2147483647 });
    const c = await createPolicy(api(), s, { name: 'c', position: 99 });
    assert.deepEqual([a.position, b.position, c.position], [1, 2, 3]);
    assert.deepEqual(await positionsOf(api(), s.listener.id), [
      { id: a.id, position: 1 },
      { id: b.id, position: 2 },
      { id: c.id, position: 3 },
    ]);
  });

  it('inserting at a position shifts that one and the later ones down', async () => {
    const s = await freshStack();
    const a = await createPolicy(api(), s);
    const b = await createPolicy(api(), s);
    const first = await createPolicy(api(), s, { position: 1 });
    assert.equal(first.position, 1);
    const middle = await createPolicy(api(), s, { position: 3 });
    assert.equal(middle.position, 3);
    assert.deepEqual(await positionsOf(api(), s.listener.id), [
      { id: first.id, position: 1 },
      { id: a.id, position: 2 },
      { id: middle.id, position: 3 },
      { id: b.id, position: 4 },
    ]);
  });

  it('an update moves a policy and renumbers the others', async () => {
    const s = await freshStack();
    const [a, b, c, d] = [
      await createPolicy(api(), s),
      await createPolicy(api(), s),
      await createPolicy(api(), s),
      await createPolicy(api(), s),
    ];
    const res = await api().put(`${POLICIES}/${d!.id}`, { l7policy: { position: 2 } });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.l7policy.position, 2);
    await waitActive(api(), s.lb.id);
    assert.deepEqual(
      (await positionsOf(api(), s.listener.id)).map((p) => p.id),
      [a!.id, d!.id, b!.id, c!.id],
    );
    const back = await api().put(`${POLICIES}/${a!.id}`, { l7policy: { position: 1000 } });
    assert.equal(back.status, 200, back.text);
    assert.equal(back.body.l7policy.position, 4);
    await waitActive(api(), s.lb.id);
    assert.deepEqual(await positionsOf(api(), s.listener.id), [
      { id: d!.id, position: 1 },
      { id: b!.id, position: 2 },
      { id: c!.id, position: 3 },
      { id: a!.id, position: 4 },
    ]);
  });

  it('a delete closes the gap', async () => {
    const s = await freshStack();
    const [a, b, c] = [await createPolicy(api(), s), await createPolicy(api(), s), await createPolicy(api(), s)];
    assert.equal((await api().delete(`${POLICIES}/${b!.id}`)).status, 204);
    await waitActive(api(), s.lb.id);
    assert.deepEqual(await positionsOf(api(), s.listener.id), [
      { id: a!.id, position: 1 },
      { id: c!.id, position: 2 },
    ]);
  });

  it('positions are per listener', async () => {
    const s = await freshStack();
    const other = await api().post('/v2/lbaas/listeners', { listener: { loadbalancer_id: s.lb.id, protocol: 'HTTP', protocol_port: 9 } });
    assert.equal(other.status, 201, other.text);
    await waitActive(api(), s.lb.id);
    const a = await createPolicy(api(), s);
    const b = await createPolicy(api(), { ...s, listener: other.body.listener });
    assert.equal(a.position, 1);
    assert.equal(b.position, 1);
  });

  it('the listener shows policies in position order; the list is in creation order unless sorted', async () => {
    const s = await freshStack();
    const a = await createPolicy(api(), s);
    const b = await createPolicy(api(), s, { position: 1 });
    const c = await createPolicy(api(), s, { position: 2 });
    const expected = [b.id, c.id, a.id];
    const listed = await api().get(`${POLICIES}?listener_id=${s.listener.id}`);
    assert.equal(listed.status, 200);
    // Octavia's list appends created_at, id to every sort (its repository orders by position only when unpaginated)
    assert.deepEqual(
      listed.body.l7policies.map((p: any) => p.id),
      [a.id, b.id, c.id],
    );
    const byPosition = await api().get(`${POLICIES}?listener_id=${s.listener.id}&sort=position`);
    assert.deepEqual(
      byPosition.body.l7policies.map((p: any) => p.id),
      expected,
    );
    const listener = await api().get(`/v2/lbaas/listeners/${s.listener.id}`);
    assert.deepEqual(
      listener.body.listener.l7policies.map((p: any) => p.id),
      expected,
    );
    const reversed = await api().get(`${POLICIES}?listener_id=${s.listener.id}&sort=position:desc`);
    assert.deepEqual(
      reversed.body.l7policies.map((p: any) => p.id),
      [...expected].reverse(),
    );
  });

  it('rejects positions outside 1..2147483647', async () => {
    const s = await freshStack();
    const post = (position: unknown) => api().post(POLICIES, { l7policy: { listener_id: s.listener.id, action: 'REJECT', position } });
    assertFault(await post(0), 400, "Invalid input for field/attribute position. Value: '0'. Value should be greater or equal to 1");
    assertFault(
      await post(2147483648),
      400,
      "Invalid input for field/attribute position. Value: '2147483648'. Value should be lower or equal to 2147483647",
    );
    const ok = await post('1');
    assert.equal(ok.status, 201, ok.text);
    assert.equal(ok.body.l7policy.position, 1);
  });
});

// Acceptance: 20 member creates racing on one pool. The load balancer lock lets each through (201) or turns it away
// (409); nothing else. Afterwards the pool holds exactly the accepted members and the load balancer is ACTIVE again.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeEachDatabase } from '../support/matrix.js';
import { createLb, createPool, waitActive } from '../support/fixtures.js';

const RACERS = 20;

describeEachDatabase('concurrency', (api) => {
  it(`${RACERS} parallel member creates: each 201 or 409, and the pool holds exactly the 201s`, async () => {
    const lb = await createLb(api());
    const pool = await createPool(api(), lb.id);
    const path = `/v2/lbaas/pools/${pool.id}/members`;
    const results = await Promise.all(
      Array.from({ length: RACERS }, (_, i) => api().post(path, { member: { address: `127.0.1.${i + 1}`, protocol_port: 8000 + i } })),
    );
    for (const res of results) {
      assert.ok(res.status === 201 || res.status === 409, `unexpected ${res.status}: ${res.text}`);
      if (res.status === 409) {
        assert.equal(res.body.faultcode, 'Client');
        assert.match(res.body.faultstring, new RegExp(`^(Load Balancer ${lb.id}|Pool ${pool.id}) is immutable and cannot be updated\\.$`));
      }
    }
    const accepted = results.filter((r) => r.status === 201).map((r) => r.body.member);
    assert.ok(accepted.length >= 1, 'no create got through');

    await waitActive(api(), lb.id);
    const listed = await api().get(`${path}?limit=0`);
    assert.equal(listed.status, 200);
    const key = (m: any) => `${m.address}:${m.protocol_port}`;
    assert.deepEqual(listed.body.members.map((m: any) => m.id).sort(), accepted.map((m) => m.id).sort());
    assert.deepEqual(listed.body.members.map(key).sort(), accepted.map(key).sort());
    for (const m of listed.body.members) assert.equal(m.provisioning_status, 'ACTIVE');

    const shownPool = await api().get(`/v2/lbaas/pools/${pool.id}`);
    assert.equal(shownPool.body.pool.provisioning_status, 'ACTIVE');
    assert.deepEqual(shownPool.body.pool.members.map((m: any) => m.id).sort(), accepted.map((m) => m.id).sort());
    const shownLb = await api().get(`/v2/lbaas/loadbalancers/${lb.id}`);
    assert.equal(shownLb.body.loadbalancer.provisioning_status, 'ACTIVE');
  });

  it('a second wave after the first settles behaves the same', async () => {
    const lb = await createLb(api());
    const pool = await createPool(api(), lb.id);
    const path = `/v2/lbaas/pools/${pool.id}/members`;
    const accepted: string[] = [];
    for (let wave = 0; wave < 2; wave++) {
      const results = await Promise.all(
        Array.from({ length: RACERS }, (_, i) =>
          api().post(path, { member: { address: `127.0.2.${wave * RACERS + i + 1}`, protocol_port: 80 } }),
        ),
      );
      for (const res of results) assert.ok(res.status === 201 || res.status === 409, `unexpected ${res.status}: ${res.text}`);
      accepted.push(...results.filter((r) => r.status === 201).map((r) => r.body.member.id));
      await waitActive(api(), lb.id);
    }
    const listed = await api().get(`${path}?limit=0`);
    assert.deepEqual(listed.body.members.map((m: any) => m.id).sort(), accepted.sort());
  });
});

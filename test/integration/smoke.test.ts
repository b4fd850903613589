import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeEachDatabase } from '../support/matrix.js';
import { createLb, LB } from '../support/fixtures.js';

describeEachDatabase('smoke', (api) => {
  it('creates a load balancer that goes ACTIVE/ONLINE and lists it', async () => {
    const lb = await createLb(api(), { name: 'smoke' });
    const res = await api().get(LB);
    assert.equal(res.status, 200);
    const found = res.body.loadbalancers.find((x: any) => x.id === lb.id);
    assert.equal(found.provisioning_status, 'ACTIVE');
    assert.equal(found.operating_status, 'ONLINE');
    assert.equal(found.name, 'smoke');
  });
});

// The database consistency check (db/repositories/consistency.ts) finds each kind of damage it names, on every
// database, and finds nothing in a database the API built: every check can fail.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { findInconsistencies } from '../../src/db/repositories/consistency.js';
import { describeEachDatabase } from '../support/matrix.js';
import { LB, VIP_SUBNET } from '../support/fixtures.js';

const ADMIN = { 'X-Roles': 'admin', 'X-Project-Id': 'consistency' };

const graph = {
  loadbalancer: {
    name: 'c',
    vip_subnet_id: VIP_SUBNET,
    listeners: [
      {
        protocol: 'HTTP',
        protocol_port: 80,
        default_pool: { name: 'p' },
        l7policies: [
          { action: 'REDIRECT_TO_POOL', redirect_pool: { name: 'p' }, rules: [{ type: 'PATH', compare_type: 'STARTS_WITH', value: '/x' }] },
        ],
      },
    ],
    pools: [
      {
        name: 'p',
        protocol: 'HTTP',
        lb_algorithm: 'ROUND_ROBIN',
        members: [{ address: '127.0.0.1', protocol_port: 80 }],
        healthmonitor: { type: 'TCP', delay: 5, timeout: 3, max_retries: 3 },
      },
    ],
  },
};

describeEachDatabase('database consistency check', (api) => {
  it('finds nothing in what the API built, then each injected fault by name', async () => {
    const created = await api().post(LB, graph, ADMIN);
    assert.equal(created.status, 201, created.text);
    const lb = created.body.loadbalancer;
    await api().waitFor(`${LB}/${lb.id}`, (b) => b.loadbalancer.provisioning_status === 'ACTIVE');
    const db = api().runtime.database.db;
    assert.deepEqual(await findInconsistencies(db), []);

    const member = lb.pools[0].members[0].id as string;
    const policy = lb.listeners[0].l7policies[0].id as string;
    // a child left PENDING under an ACTIVE load balancer
    await db.updateTable('member').set({ provisioning_status: 'PENDING_UPDATE' }).where('id', '=', member).execute();
    // a quota counter of a project that holds no pool
    await db
      .insertInto('quotas')
      .values({ project_id: 'ghost', in_use_pool: 7 } as never)
      .execute();
    // a live rule under a DELETED policy
    await db.updateTable('l7policy').set({ provisioning_status: 'DELETED' }).where('id', '=', policy).execute();
    // a tag of no object (tags have no foreign key); a default pool of another load balancer
    await db.insertInto('tags').values({ resource_id: '00000000-0000-4000-8000-00000000dead', tag: 'stale' }).execute();
    const other = await api().post(
      LB,
      { loadbalancer: { name: 'd', vip_subnet_id: VIP_SUBNET, pools: [{ name: 'q', protocol: 'HTTP', lb_algorithm: 'ROUND_ROBIN' }] } },
      ADMIN,
    );
    assert.equal(other.status, 201, other.text);
    await api().waitFor(`${LB}/${other.body.loadbalancer.id}`, (b) => b.loadbalancer.provisioning_status === 'ACTIVE');
    await db
      .updateTable('listener')
      .set({ default_pool_id: other.body.loadbalancer.pools[0].id })
      .where('id', '=', lb.listeners[0].id)
      .execute();
    const found = await findInconsistencies(db);
    const names = new Set(found.map((f) => f.check));
    assert.ok(names.has('PENDING member under ACTIVE load_balancer'), JSON.stringify(found));
    assert.ok(names.has('quotas.in_use_pool = live pool rows'), JSON.stringify(found));
    assert.ok(names.has('live l7rule under DELETED l7policy'), JSON.stringify(found));
    assert.ok(names.has('tags of no object'), JSON.stringify(found));
    assert.ok(names.has('listener.default_pool_id of another load balancer'), JSON.stringify(found));
    assert.ok(found.some((f) => f.row === member));
  });
});

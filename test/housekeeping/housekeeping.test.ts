// Housekeeping against a real database: expired DELETED rows and finished jobs are purged (younger ones kept), and
// amphora certificates close to expiry are rotated through the amphora driver exactly once.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { nowTimestamp } from '../../src/common/time.js';
import { rotateExpiringCertificates } from '../../src/housekeeping/cert-rotation.js';
import { purgeExpired } from '../../src/housekeeping/db-cleanup.js';
import { startApi, type TestApi } from '../support/api-harness.js';
import { testDialects } from '../support/databases.js';
import { LB, VIP_SUBNET, waitActive } from '../support/fixtures.js';
import { waitJobsSettled } from '../support/worker-probe.js';

for (const dialect of testDialects()) {
  describe(`housekeeping [${dialect}]`, () => {
    let api: TestApi;
    before(async () => {
      api = await startApi(dialect, { api_settings: { default_provider_driver: 'amphora' } }, { worker: true });
    });
    after(async () => api?.close());
    const db = () => api.runtime.database.db;

    it('purges DELETED load balancers, amphorae and finished jobs older than their ages, and nothing younger', async () => {
      const created = await api.post(LB, { loadbalancer: { vip_subnet_id: VIP_SUBNET } });
      assert.equal(created.status, 201, created.text);
      const gone = created.body.loadbalancer.id as string;
      await waitActive(api, gone);
      const kept = await api.post(LB, { loadbalancer: { vip_subnet_id: VIP_SUBNET } });
      await waitActive(api, kept.body.loadbalancer.id);
      const amp = await db().selectFrom('amphora').select('id').where('load_balancer_id', '=', gone).executeTakeFirstOrThrow();
      assert.equal((await api.delete(`${LB}/${gone}`)).status, 204);
      await waitJobsSettled(db());
      assert.equal(
        (await db().selectFrom('load_balancer').select('provisioning_status').where('id', '=', gone).executeTakeFirstOrThrow())
          .provisioning_status,
        'DELETED',
      );

      // an hour of age left: nothing is old enough yet
      const young = await purgeExpired(db(), { amphoraS: 3600, loadBalancerS: 3600, jobS: 3600 });
      assert.deepEqual(young, { amphorae: 0, loadBalancers: 0, jobs: 0 });

      const later = new Date(Date.now() + 2 * 3600 * 1000);
      const purged = await purgeExpired(db(), { amphoraS: 3600, loadBalancerS: 3600, jobS: 3600 }, later);
      assert.deepEqual(purged, { amphorae: 1, loadBalancers: 1, jobs: 3 });
      assert.equal(await db().selectFrom('load_balancer').select('id').where('id', '=', gone).executeTakeFirst(), undefined);
      assert.equal(
        await db().selectFrom('vip').select('load_balancer_id').where('load_balancer_id', '=', gone).executeTakeFirst(),
        undefined,
      );
      assert.equal(await db().selectFrom('amphora').select('id').where('id', '=', amp.id).executeTakeFirst(), undefined);
      // the live load balancer and its amphora are untouched
      assert.equal((await api.get(`${LB}/${kept.body.loadbalancer.id}`)).status, 200);
      assert.equal(
        (await db().selectFrom('amphora').select('id').where('load_balancer_id', '=', kept.body.loadbalancer.id).execute()).length,
        1,
      );
    });

    it('rotates certificates inside the expiry buffer once, leaving the others', async () => {
      const created = await api.post(LB, { loadbalancer: { vip_subnet_id: VIP_SUBNET } });
      await waitActive(api, created.body.loadbalancer.id);
      const amps = await db().selectFrom('amphora').select('id').where('status', '=', 'ALLOCATED').execute();
      assert.ok(amps.length >= 2);
      const [soon, ...rest] = amps.map((a) => a.id);
      const inAnHour = nowTimestamp(new Date(Date.now() + 3600 * 1000));
      const inAYear = nowTimestamp(new Date(Date.now() + 365 * 86400 * 1000));
      await db().updateTable('amphora').set({ cert_expiration: inAnHour }).where('id', '=', soon!).execute();
      await db().updateTable('amphora').set({ cert_expiration: inAYear }).where('id', 'in', rest).execute();
      const recorder = api.runtime.drivers.recorder;
      const uploadsBefore = recorder.count('amphora', 'upload_server_cert');
      const deps = {
        db: db(),
        certs: api.runtime.drivers.certs,
        amphora: api.runtime.drivers.amphora,
        log: api.runtime.services.log,
        validityS: 30 * 86400,
        expiryBufferS: 14 * 86400,
        claimTimeoutS: 600,
      };
      // two passes at once (two housekeeping processes): the cert_busy claim lets only one rotate
      const [a, b] = await Promise.all([rotateExpiringCertificates(deps), rotateExpiringCertificates(deps)]);
      assert.deepEqual([...a, ...b], [soon]);
      assert.equal(recorder.count('amphora', 'upload_server_cert') - uploadsBefore, 1);
      assert.equal(recorder.count('amphora', 'upload_server_cert', soon), 1);
      const row = await db()
        .selectFrom('amphora')
        .select(['cert_expiration', 'cert_busy'])
        .where('id', '=', soon!)
        .executeTakeFirstOrThrow();
      assert.ok((row.cert_expiration as string) > inAnHour, `expiry moved forward: ${row.cert_expiration}`);
      assert.equal(Number(row.cert_busy), 0);
      // nothing is due any more
      assert.deepEqual(await rotateExpiringCertificates(deps), []);
    });

    it('never rotates twice when another pass rotated an amphora after this pass listed it', async () => {
      for (let i = 0; i < 2; i++) {
        const created = await api.post(LB, { loadbalancer: { vip_subnet_id: VIP_SUBNET } });
        await waitActive(api, created.body.loadbalancer.id);
      }
      const inAnHour = nowTimestamp(new Date(Date.now() + 3600 * 1000));
      await db()
        .updateTable('amphora')
        .set({ cert_expiration: nowTimestamp(new Date(Date.now() + 365 * 86400 * 1000)) })
        .execute();
      const [first, second] = (
        await db().selectFrom('amphora').select('id').where('status', '=', 'ALLOCATED').orderBy('id').limit(2).execute()
      ).map((a) => a.id);
      await db().updateTable('amphora').set({ cert_expiration: inAnHour }).where('id', 'in', [first!, second!]).execute();
      const recorder = api.runtime.drivers.recorder;
      const uploads = () => [first, second].map((id) => recorder.count('amphora', 'upload_server_cert', id));
      const before = uploads();
      const driver = api.runtime.drivers.amphora;
      const base = {
        db: db(),
        certs: api.runtime.drivers.certs,
        log: api.runtime.services.log,
        validityS: 30 * 86400,
        expiryBufferS: 14 * 86400,
        claimTimeoutS: 600,
      };
      let other: string[] = [];
      // this pass has listed both; while it rotates the first, another pass runs from start to end (it skips the
      // claimed first amphora and rotates the second)
      const slowPass = rotateExpiringCertificates({
        ...base,
        amphora: Object.assign(Object.create(driver), {
          async uploadServerCert(target: { id: string }, pem: string) {
            if (target.id === first) other = await rotateExpiringCertificates({ ...base, amphora: driver });
            return driver.uploadServerCert(target as never, pem);
          },
        }),
      });
      assert.deepEqual(await slowPass, [first]);
      assert.deepEqual(other, [second]);
      assert.deepEqual(
        uploads().map((n, i) => n - (before[i] ?? 0)),
        [1, 1],
      );
    });

    it('takes over a rotation claim left by a housekeeping process that died mid-rotation', async () => {
      const created = await api.post(LB, { loadbalancer: { vip_subnet_id: VIP_SUBNET } });
      await waitActive(api, created.body.loadbalancer.id);
      const amp = (
        await db().selectFrom('amphora').select('id').where('load_balancer_id', '=', created.body.loadbalancer.id).executeTakeFirstOrThrow()
      ).id;
      const inAnHour = nowTimestamp(new Date(Date.now() + 3600 * 1000));
      await db()
        .updateTable('amphora')
        .set({ cert_expiration: nowTimestamp(new Date(Date.now() + 365 * 86400 * 1000)) })
        .execute();
      const recorder = api.runtime.drivers.recorder;
      const deps = {
        db: db(),
        certs: api.runtime.drivers.certs,
        amphora: api.runtime.drivers.amphora,
        log: api.runtime.services.log,
        validityS: 30 * 86400,
        expiryBufferS: 14 * 86400,
        claimTimeoutS: 600,
      };
      const rotatedOnce = async (rotate: () => Promise<string[]>) => {
        const uploads = recorder.count('amphora', 'upload_server_cert', amp);
        assert.deepEqual(await rotate(), [amp]);
        assert.equal(recorder.count('amphora', 'upload_server_cert', amp) - uploads, 1);
        const row = await db()
          .selectFrom('amphora')
          .select(['cert_expiration', 'cert_busy', 'cert_busy_since'])
          .where('id', '=', amp)
          .executeTakeFirstOrThrow();
        assert.ok((row.cert_expiration as string) > inAnHour, `expiry moved forward: ${row.cert_expiration}`);
        assert.deepEqual([Number(row.cert_busy), row.cert_busy_since], [0, null]);
      };

      // cert_busy set without a claim time, as housekeeping left it before claims were timed: no live claim
      await db().updateTable('amphora').set({ cert_expiration: inAnHour, cert_busy: 1 }).where('id', '=', amp).execute();
      await rotatedOnce(() => rotateExpiringCertificates(deps));

      // a claim made now by a housekeeping process that then died
      await db()
        .updateTable('amphora')
        .set({ cert_expiration: inAnHour, cert_busy: 1, cert_busy_since: nowTimestamp() })
        .where('id', '=', amp)
        .execute();
      // younger than cert_claim_timeout: it may still be at work, so it is left alone
      assert.deepEqual(await rotateExpiringCertificates(deps), []);
      assert.deepEqual(await rotateExpiringCertificates(deps, new Date(Date.now() + (deps.claimTimeoutS - 60) * 1000)), []);
      // older: taken over, rotated once, released
      await rotatedOnce(() => rotateExpiringCertificates(deps, new Date(Date.now() + (deps.claimTimeoutS + 60) * 1000)));
    });
  });
}

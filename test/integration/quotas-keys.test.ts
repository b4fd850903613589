// Quota bodies carry exactly Octavia 11's keys. Show, default and PUT render QuotaResponse: its QuotaBase is built from
// the data model, so only load_balancer and health_monitor are set and WSME leaves loadbalancer/healthmonitor out.
// List items render QuotaAllBase: both spellings, project_id and tenant_id (Octavia's test_get_all_quotas_with_quotas
// compares them whole). PUT accepts both spellings; given both, loadbalancer/healthmonitor win (QuotaBase.to_dict).
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeEachDatabase } from '../support/matrix.js';

const Q = '/v2/lbaas/quotas';
const ADMIN = { 'X-Roles': 'admin', 'X-Project-Id': 'operator' };
const QUOTA_KEYS = ['health_monitor', 'l7policy', 'l7rule', 'listener', 'load_balancer', 'member', 'pool'];
const LIST_KEYS = [...QUOTA_KEYS, 'healthmonitor', 'loadbalancer', 'project_id', 'tenant_id'].sort();
const keysOf = (o: object) => Object.keys(o).sort();

describeEachDatabase(
  'quota response keys',
  (api) => {
    it('show, default, the "defaults" pseudo-project and PUT answer exactly the seven limits', async () => {
      const project = 'keys-show';
      const put = await api().put(`${Q}/${project}`, { quota: { load_balancer: 4, listener: 5 } }, ADMIN);
      assert.equal(put.status, 202, put.text);
      assert.deepEqual(keysOf(put.body), ['quota']);
      assert.deepEqual(keysOf(put.body.quota), QUOTA_KEYS);
      assert.equal(put.body.quota.load_balancer, 4);
      for (const path of [`${Q}/${project}`, `${Q}/${project}/default`, `${Q}/defaults`, `/v2/quotas/${project}`, `${Q}/never-set`]) {
        const res = await api().get(path, ADMIN);
        assert.equal(res.status, 200, `${path}: ${res.text}`);
        assert.deepEqual(keysOf(res.body), ['quota'], path);
        assert.deepEqual(keysOf(res.body.quota), QUOTA_KEYS, path);
      }
      assert.deepEqual((await api().get(`${Q}/${project}`, ADMIN)).body.quota, {
        load_balancer: 4,
        listener: 5,
        member: -1,
        pool: -1,
        health_monitor: -1,
        l7policy: -1,
        l7rule: -1,
      });
    });

    it('list items carry both spellings, project_id and tenant_id', async () => {
      const project = 'keys-list';
      assert.equal((await api().put(`${Q}/${project}`, { quota: { loadbalancer: 3, health_monitor: 2 } }, ADMIN)).status, 202);
      const res = await api().get(`${Q}?project_id=${project}`, ADMIN);
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(keysOf(res.body), ['quotas', 'quotas_links']);
      assert.deepEqual(res.body.quotas, [
        {
          project_id: project,
          tenant_id: project,
          load_balancer: 3,
          loadbalancer: 3,
          health_monitor: 2,
          healthmonitor: 2,
          listener: null,
          member: null,
          pool: null,
          l7policy: null,
          l7rule: null,
        },
      ]);
      assert.deepEqual(keysOf(res.body.quotas[0]), LIST_KEYS);
    });

    it('PUT takes either spelling; given both, loadbalancer and healthmonitor win', async () => {
      const project = 'keys-spelling';
      const old = await api().put(`${Q}/${project}`, { quota: { load_balancer: 7, health_monitor: 8 } }, ADMIN);
      assert.deepEqual([old.body.quota.load_balancer, old.body.quota.health_monitor], [7, 8]);
      const current = await api().put(`${Q}/${project}`, { quota: { loadbalancer: 9, healthmonitor: 10 } }, ADMIN);
      assert.deepEqual([current.body.quota.load_balancer, current.body.quota.health_monitor], [9, 10]);
      const both = await api().put(
        `${Q}/${project}`,
        { quota: { load_balancer: 1, loadbalancer: 2, healthmonitor: 3, health_monitor: 4 } },
        ADMIN,
      );
      assert.equal(both.status, 202, both.text);
      assert.deepEqual([both.body.quota.load_balancer, both.body.quota.health_monitor], [2, 3]);
      const shown = await api().get(`${Q}/${project}`, ADMIN);
      assert.deepEqual([shown.body.quota.load_balancer, shown.body.quota.health_monitor], [2, 3]);
    });
  },
  { api_settings: { auth_strategy: 'testing' } },
);

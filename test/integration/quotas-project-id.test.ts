// PUT /v2/lbaas/quotas/{project_id} with an id longer than the project_id column (36 characters) is a 400 naming the
// field on every database; PostgreSQL and MariaDB answered 500. 36 characters fit, also when they are not ASCII.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { assertFault } from '../support/fixtures.js';
import { describeEachDatabase } from '../support/matrix.js';

const ADMIN = { 'X-Roles': 'admin', 'X-Project-Id': 'operator' };
const path = (id: string) => `/v2/lbaas/quotas/${encodeURIComponent(id)}`;

describeEachDatabase(
  'quota project ids',
  (api) => {
    it('refuses an id past 36 characters with 400 and stores one of 36', async () => {
      for (const id of ['x'.repeat(37), 'y'.repeat(300)]) {
        assertFault(
          await api().put(path(id), { quota: { listener: 3 } }, ADMIN),
          400,
          `Invalid input for field/attribute project_id. Value: '${id}'. Value should have a maximum character requirement of 36`,
        );
      }
      for (const id of ['z'.repeat(36), 'é'.repeat(36)]) {
        const res = await api().put(path(id), { quota: { listener: 3 } }, ADMIN);
        assert.equal(res.status, 202, res.text);
        assert.equal((await api().get(path(id), ADMIN)).body.quota.listener, 3);
      }
    });
  },
  { api_settings: { auth_strategy: 'testing' } },
);

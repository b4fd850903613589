// An error nobody anticipated (here a real database error: the table is gone) answers Octavia's generic 500; the
// database's own words reach the log only, under the request id the client was given.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { startApi, type TestApi } from '../support/api-harness.js';
import { testDialects } from '../support/databases.js';

const GENERIC = { faultcode: 'Server', faultstring: 'Something unknown went wrong', debuginfo: null };

for (const dialect of testDialects()) {
  describe(`unexpected errors [${dialect}]`, () => {
    const lines: Record<string, any>[] = [];
    let api: TestApi | undefined;
    before(async () => {
      const log = pino({ level: 'error' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
      api = await startApi(dialect, {}, { log });
      await api.runtime.services.db.schema.dropTable('quotas').execute();
    });
    after(async () => {
      await api?.close();
    });

    it('a database error is a generic 500; the log holds the driver text with the request id', async () => {
      for (const [method, body] of [
        ['GET', undefined],
        ['PUT', { quota: { pool: 5 } }],
      ] as const) {
        const res = await api!.request(method, '/v2/lbaas/quotas/some-project', body);
        assert.equal(res.status, 500, res.text);
        assert.deepEqual(res.body, GENERIC);
        assert.doesNotMatch(res.text, /quotas|table|relation|exist/i);
        const requestId = res.headers.get('x-openstack-request-id');
        assert.match(requestId ?? '', /^req-[0-9a-f-]{36}$/);
        const logged = lines.filter((l) => l.request_id === requestId);
        assert.equal(logged.length, 1, JSON.stringify(lines));
        assert.equal(logged[0]?.msg, 'unexpected error');
        assert.equal(logged[0]?.method, method);
        assert.equal(logged[0]?.url, '/v2/lbaas/quotas/some-project');
        // each driver's own words: SQLite "no such table", PostgreSQL "relation ... does not exist", MariaDB "Table ... doesn't exist"
        assert.match(String(logged[0]?.err?.message), /quotas/);
      }
    });

    it('other requests are unaffected', async () => {
      const res = await api!.get('/v2/lbaas/loadbalancers');
      assert.equal(res.status, 200, res.text);
    });
  });
}

// Migration 0004 on every database: amphora gains cert_busy_since; a rotation claim already held when the schema is
// upgraded gets the upgrade's time (so it expires one cert_claim_timeout later instead of never); going down drops
// the column again.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Kysely, Migrator, sql } from 'kysely';
import { nowTimestamp } from '../../src/common/time.js';
import { openDatabaseUrl, type DatabaseHandle } from '../../src/db/connection.js';
import { MIGRATIONS } from '../../src/db/migrations/index.js';
import { createTestDatabase, type TestDatabase, testDialects } from '../support/databases.js';

const BEFORE = '0003-project-list-indexes';

for (const dialect of testDialects()) {
  describe(`migration 0004-amphora-cert-claim-time [${dialect}]`, () => {
    let database: TestDatabase;
    let handle: DatabaseHandle;
    let migrator: Migrator;
    before(async () => {
      database = await createTestDatabase(dialect);
      handle = openDatabaseUrl(database.url, 2);
      migrator = new Migrator({
        db: handle.db as unknown as Kysely<unknown>,
        provider: { getMigrations: async () => MIGRATIONS },
        migrationTableName: 'octavia_migration',
        migrationLockTableName: 'octavia_migration_lock',
      });
    });
    after(async () => {
      await handle?.close();
      await database?.drop();
    });

    const columns = async () => {
      const row = await sql<Record<string, unknown>>`SELECT * FROM amphora WHERE id = ${'busy'}`.execute(handle.db);
      return row.rows[0] ?? {};
    };

    it('times the claims held at upgrade, leaves free amphorae unclaimed, and goes down again', async () => {
      const down = await migrator.migrateTo(BEFORE);
      assert.equal(down.error, undefined);
      const created = nowTimestamp();
      for (const [id, busy] of [
        ['busy', 1],
        ['free', 0],
      ] as const) {
        await sql`INSERT INTO amphora (id, cert_busy, status, created_at) VALUES (${id}, ${busy}, ${'ALLOCATED'}, ${created})`.execute(
          handle.db,
        );
      }
      const upgradeStarted = nowTimestamp();
      const up = await migrator.migrateToLatest();
      assert.equal(up.error, undefined);
      const rows = await handle.db.selectFrom('amphora').select(['id', 'cert_busy_since']).orderBy('id').execute();
      assert.equal(rows[0]?.id, 'busy');
      assert.ok((rows[0]?.cert_busy_since ?? '') >= upgradeStarted, `claim timed at the upgrade: ${rows[0]?.cert_busy_since}`);
      assert.deepEqual(rows[1], { id: 'free', cert_busy_since: null });

      assert.equal((await migrator.migrateTo(BEFORE)).error, undefined);
      assert.ok(!('cert_busy_since' in (await columns())), 'column dropped');
      assert.equal((await migrator.migrateToLatest()).error, undefined);
      assert.ok('cert_busy_since' in (await columns()));
    });
  });
}

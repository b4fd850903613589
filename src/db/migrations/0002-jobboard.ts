// The durable jobboard: one row per worker job, claimed with a lease. "lane" serializes jobs that touch the same
// load balancer (or amphora); seq orders them.
import type { MigrationDb } from './helpers.js';
import { dialectOf, tableOptions } from './helpers.js';

export async function up(db: MigrationDb): Promise<void> {
  const d = await dialectOf(db);
  let table = tableOptions(db.schema.createTable('job'), d);
  if (d === 'postgres') table = table.addColumn('seq', 'bigserial', (c) => c.primaryKey());
  else if (d === 'mysql') table = table.addColumn('seq', 'bigint', (c) => c.primaryKey().autoIncrement());
  else table = table.addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement());
  await table
    .addColumn('id', 'varchar(36)', (c) => c.notNull().unique())
    .addColumn('lane', 'varchar(64)', (c) => c.notNull())
    .addColumn('flow', 'varchar(64)', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('state', 'varchar(16)', (c) => c.notNull())
    .addColumn('progress', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('lease_owner', 'varchar(128)')
    .addColumn('lease_expires_at', 'varchar(32)')
    .addColumn('error', 'text')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)')
    .execute();
  await db.schema.createIndex('ix_job_state_seq').on('job').columns(['state', 'seq']).execute();
  await db.schema.createIndex('ix_job_lane_state').on('job').columns(['lane', 'state']).execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.dropTable('job').ifExists().execute();
}

// When an amphora's certificate rotation was claimed (cert_busy), so a claim left by a housekeeping process that
// died mid-rotation expires instead of keeping that amphora from ever being rotated again. Claims already held get
// the upgrade's time: they expire one claim timeout from now.
import { sql } from 'kysely';
import { nowTimestamp } from '../../common/time.js';
import type { MigrationDb } from './helpers.js';

export async function up(db: MigrationDb): Promise<void> {
  await db.schema.alterTable('amphora').addColumn('cert_busy_since', 'varchar(32)').execute();
  await sql`UPDATE amphora SET cert_busy_since = ${nowTimestamp()} WHERE cert_busy = 1`.execute(db);
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.alterTable('amphora').dropColumn('cert_busy_since').execute();
}

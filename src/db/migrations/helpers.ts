import { type CreateTableBuilder, type Kysely, sql } from 'kysely';

export type MigrationDb = Kysely<unknown>;

/** Which dialect a migration runs on; MySQL needs binary collation so names compare exactly, as elsewhere. */
export async function dialectOf(db: MigrationDb): Promise<'sqlite' | 'postgres' | 'mysql'> {
  const adapter = db.getExecutor().adapter.constructor.name;
  if (adapter.startsWith('Sqlite')) return 'sqlite';
  if (adapter.startsWith('Postgres')) return 'postgres';
  return 'mysql';
}

export function tableOptions<T extends string, C extends string>(
  builder: CreateTableBuilder<T, C>,
  dialect: string,
): CreateTableBuilder<T, C> {
  return dialect === 'mysql' ? builder.modifyEnd(sql`ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`) : builder;
}

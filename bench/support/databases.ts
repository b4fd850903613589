// The databases a benchmark runs against: embedded SQLite (the service's default) and, when their servers answer,
// a fresh PostgreSQL/MariaDB database created for the run and dropped afterwards.
// BENCH_DATABASES=sqlite,postgres (default) selects them; mysql is opt-in.
// BENCH_PG_URL / BENCH_MYSQL_URL name admin connections (defaults: the local servers the test suite uses).
import { randomBytes } from 'node:crypto';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { openDatabaseUrl } from '../../src/db/connection.js';
import { redact } from '../../src/db/url.js';
import { dropDatabase, withDatabase } from '../../test/support/databases.js';

export type BenchDialect = 'sqlite' | 'postgres' | 'mysql';

export interface BenchDatabase {
  readonly dialect: BenchDialect;
  /** server version, for the machine section of the results */
  readonly version: string;
  /** [database] connection for the service; empty = embedded SQLite in the service's state directory */
  readonly url: string;
  drop(): Promise<void>;
}

const ADMIN_URLS: Record<Exclude<BenchDialect, 'sqlite'>, string> = {
  postgres: process.env.BENCH_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres',
  mysql: process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/mysql',
};

export function benchDialects(): BenchDialect[] {
  const wanted = (process.env.BENCH_DATABASES ?? 'sqlite,postgres').split(',').map((s) => s.trim());
  return wanted.filter((d): d is BenchDialect => d === 'sqlite' || d === 'postgres' || d === 'mysql');
}

/** A fresh database, or a reason why this dialect cannot be benchmarked here (server not reachable). */
export async function createBenchDatabase(dialect: BenchDialect): Promise<BenchDatabase | { skipped: string }> {
  if (dialect === 'sqlite') {
    const probe = new SqliteDatabase(':memory:');
    const version = `SQLite ${(probe.prepare('select sqlite_version() as v').get() as { v: string }).v}`;
    probe.close();
    return { dialect, version, url: '', drop: async () => {} };
  }
  const adminUrl = ADMIN_URLS[dialect];
  const name = `octavia_bench_${randomBytes(6).toString('hex')}`;
  let version: string;
  const admin = openDatabaseUrl(adminUrl, 1);
  try {
    const row = (await sql<{ v: string }>`select version() as v`.execute(admin.db)).rows[0];
    version = dialect === 'postgres' ? (row?.v ?? '').split(' on ')[0]! : `MySQL/MariaDB ${row?.v}`;
    await sql.raw(`CREATE DATABASE ${name}`).execute(admin.db);
  } catch (err) {
    return { skipped: `${dialect} at ${redact(adminUrl)} not reachable (${(err as Error).message})` };
  } finally {
    await admin.close();
  }
  return {
    dialect,
    version,
    url: withDatabase(adminUrl, name),
    drop: () => dropDatabase(adminUrl, dialect, name),
  };
}

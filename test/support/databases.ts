// Throwaway databases for tests, one per suite, on every dialect the run asks for.
// OCTAVIA_TEST_DATABASES=sqlite,postgres,mysql selects the matrix (default: all three);
// OCTAVIA_TEST_PG_URL / OCTAVIA_TEST_MYSQL_URL name admin connections to the servers (scripts/test.sh sets them up).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { openDatabaseUrl } from '../../src/db/connection.js';
import type { Dialect } from '../../src/db/url.js';

export const PG_ADMIN_URL = process.env.OCTAVIA_TEST_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
export const MYSQL_ADMIN_URL = process.env.OCTAVIA_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/mysql';

export function testDialects(): Dialect[] {
  const wanted = (process.env.OCTAVIA_TEST_DATABASES ?? 'sqlite,postgres,mysql').split(',').map((s) => s.trim());
  return wanted.filter((d): d is Dialect => d === 'sqlite' || d === 'postgres' || d === 'mysql');
}

export interface TestDatabase {
  readonly dialect: Dialect;
  readonly url: string;
  drop(): Promise<void>;
}

/** The admin URL with its database replaced by `name` (tests and benchmarks create throwaway databases). */
export function withDatabase(adminUrl: string, name: string): string {
  const u = new URL(adminUrl.replace(/^[^:]+:/, 'db:'));
  u.pathname = `/${name}`;
  return adminUrl.slice(0, adminUrl.indexOf(':')) + u.toString().slice(2);
}

export async function createTestDatabase(dialect: Dialect): Promise<TestDatabase> {
  const name = `octavia_test_${randomBytes(6).toString('hex')}`;
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'octavia-test-'));
    return { dialect, url: `sqlite:///${join(dir, 'octavia.sqlite')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const adminUrl = dialect === 'postgres' ? PG_ADMIN_URL : MYSQL_ADMIN_URL;
  const admin = openDatabaseUrl(adminUrl, 1);
  try {
    await sql.raw(`CREATE DATABASE ${name}`).execute(admin.db);
  } finally {
    await admin.close();
  }
  return {
    dialect,
    url: withDatabase(adminUrl, name),
    drop: () => dropDatabase(adminUrl, dialect, name),
  };
}

/** Drops a throwaway database through the admin connection (PostgreSQL: also when connections remain). */
export async function dropDatabase(adminUrl: string, dialect: Dialect, name: string): Promise<void> {
  const a = openDatabaseUrl(adminUrl, 1);
  try {
    const force = dialect === 'postgres' ? ' WITH (FORCE)' : '';
    await sql.raw(`DROP DATABASE IF EXISTS ${name}${force}`).execute(a.db);
  } finally {
    await a.close();
  }
}

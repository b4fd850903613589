// Asks the database itself, from a connection of its own, whether another connection holds an open write
// transaction right now: tests use it to prove that slow work (certificate fetches) runs outside the API's
// transactions. Each answer is immediate (no lock waits), so a probe never blocks the code it observes.
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { openDatabaseUrl } from '../../src/db/connection.js';
import { parseDatabaseUrl } from '../../src/db/url.js';
import type { TestDatabase } from './databases.js';

export interface WriteLockProbe {
  /** true when some other connection is inside a write transaction on this database */
  writeTransactionOpen(): Promise<boolean>;
  close(): Promise<void>;
}

export function openWriteLockProbe(database: TestDatabase): WriteLockProbe {
  if (database.dialect === 'sqlite') {
    // the write lock is the database's: BEGIN IMMEDIATE takes it at once or fails with SQLITE_BUSY (timeout 0)
    const conn = new SqliteDatabase(parseDatabaseUrl(database.url).path as string, { timeout: 0 });
    return {
      async writeTransactionOpen() {
        try {
          conn.exec('BEGIN IMMEDIATE');
        } catch (err) {
          if ((err as { code?: string }).code === 'SQLITE_BUSY') return true;
          throw err;
        }
        conn.exec('ROLLBACK');
        return false;
      },
      async close() {
        conn.close();
      },
    };
  }
  const handle = openDatabaseUrl(database.url, 1);
  if (database.dialect === 'postgres') {
    // a transaction waiting on its client (here: on a certificate fetch) is "idle in transaction"
    return {
      async writeTransactionOpen() {
        const { rows } = await sql<{ n: number }>`
          SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND pid <> pg_backend_pid() AND state LIKE 'idle in transaction%'`.execute(handle.db);
        return (rows[0]?.n ?? 0) > 0;
      },
      close: () => handle.close(),
    };
  }
  // MariaDB: the API's writes lock load_balancer rows (the test-and-set UPDATE, or the INSERT of a new load
  // balancer); a locking read with NOWAIT fails at once on a row another open transaction holds
  return {
    async writeTransactionOpen() {
      return handle.db.connection().execute(async (conn) => {
        await sql`START TRANSACTION`.execute(conn);
        try {
          await sql`SELECT id FROM load_balancer FOR UPDATE NOWAIT`.execute(conn);
          return false;
        } catch (err) {
          if ((err as { errno?: number }).errno === 1205) return true; // ER_LOCK_WAIT_TIMEOUT
          throw err;
        } finally {
          await sql`ROLLBACK`.execute(conn);
        }
      });
    },
    close: () => handle.close(),
  };
}

// One Kysely instance per process, on whichever database [database] connection names.
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname, join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, MysqlDialect, PostgresDialect, SqliteDialect } from 'kysely';
import { createPool as createMysqlPool } from 'mysql2';
import pg from 'pg';
import type { OctaviaConfig } from '../config/config.js';
import type { Database } from './schema.js';
import { type Dialect, parseDatabaseUrl } from './url.js';

export type Db = Kysely<Database>;

export interface DatabaseHandle {
  readonly db: Db;
  readonly dialect: Dialect;
  close(): Promise<void>;
}

// PostgreSQL returns BIGINT as strings by default; our counters fit a double exactly (< 2^53).
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));

export function connectionUrl(config: OctaviaConfig): string {
  return config.database.connection || `sqlite:///${join(config.DEFAULT.state_path, 'octavia.sqlite')}`;
}

export function openDatabase(config: OctaviaConfig): DatabaseHandle {
  return openDatabaseUrl(connectionUrl(config), config.database.max_pool_size);
}

export function openDatabaseUrl(url: string, poolSize = 10): DatabaseHandle {
  const parsed = parseDatabaseUrl(url);
  let db: Db;
  if (parsed.dialect === 'sqlite') {
    const path = parsed.path ?? ':memory:';
    if (path !== ':memory:') {
      // created 0600 before SQLite opens it (SQLite would use 0644 under the usual umask); its -wal and -shm files
      // take the database file's mode
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      closeSync(openSync(path, 'a', 0o600));
    }
    const sqlite = new SqliteDatabase(path);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 10000');
    db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  } else if (parsed.dialect === 'postgres') {
    const pool = new pg.Pool({
      host: parsed.socket ?? parsed.host ?? '127.0.0.1',
      port: parsed.port ?? 5432,
      user: parsed.user,
      password: parsed.password,
      database: parsed.database,
      max: poolSize,
    });
    // an idle client the server drops (restart, DROP DATABASE ... WITH (FORCE) after close) would otherwise be an
    // uncaught 'error' event; the pool discards that client and the next checkout connects afresh
    pool.on('error', () => {});
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  } else {
    const pool = createMysqlPool({
      host: parsed.host ?? '127.0.0.1',
      port: parsed.port ?? 3306,
      socketPath: parsed.socket,
      user: parsed.user,
      password: parsed.password,
      database: parsed.database,
      connectionLimit: poolSize,
      supportBigNumbers: true,
      decimalNumbers: true,
      charset: 'utf8mb4_bin',
    });
    db = new Kysely<Database>({ dialect: new MysqlDialect({ pool }) });
  }
  return { db, dialect: parsed.dialect, close: () => db.destroy() };
}

const STATEMENT_CACHE_SIZE = 1000;

/**
 * better-sqlite3 compiles a statement on every prepare(), and Kysely prepares each query it runs: a bounded cache of
 * compiled statements by SQL text takes that off every request (the API's list and show paths repeat the same few
 * dozen statements). Statements run synchronously, so one is never in use twice at once.
 */
function withStatementCache(sqlite: SqliteDatabase.Database): { prepare(sql: string): SqliteDatabase.Statement; close(): void } {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    prepare(sqlText: string) {
      let statement = cache.get(sqlText);
      if (statement) {
        // refresh its place: the least recently used statement is the one evicted
        cache.delete(sqlText);
      } else {
        statement = sqlite.prepare(sqlText);
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
      }
      cache.set(sqlText, statement);
      return statement;
    },
    close() {
      cache.clear();
      sqlite.close();
    },
  };
}

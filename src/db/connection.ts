// One Kysely instance per process, on whichever database [database] connection names.
import { mkdirSync } from 'node:fs';
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
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const sqlite = new SqliteDatabase(path);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 10000');
    db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  } else if (parsed.dialect === 'postgres') {
    const pool = new pg.Pool({
      host: parsed.socket ?? parsed.host ?? '127.0.0.1',
      port: parsed.port ?? 5432,
      user: parsed.user,
      password: parsed.password,
      database: parsed.database,
      max: poolSize,
    });
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

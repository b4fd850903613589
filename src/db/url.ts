// SQLAlchemy-style database URLs, as octavia.conf [database] connection holds them.

export type Dialect = 'sqlite' | 'postgres' | 'mysql';

export interface DatabaseUrl {
  dialect: Dialect;
  /** sqlite: file path or ':memory:' */
  path?: string;
  host?: string;
  port?: number;
  user?: string;
  password?: string;
  database?: string;
  /** unix socket path (?unix_socket= for MySQL, ?host=/dir for PostgreSQL) */
  socket?: string;
}

export class DatabaseUrlError extends Error {
  override readonly name = 'DatabaseUrlError';
}

export function parseDatabaseUrl(url: string): DatabaseUrl {
  const scheme = url.slice(0, url.indexOf(':')).toLowerCase();
  const base = scheme.split('+')[0];
  if (base === 'sqlite') return parseSqlite(url);
  if (base === 'postgresql' || base === 'postgres') return parseServer(url, 'postgres');
  if (base === 'mysql' || base === 'mariadb') return parseServer(url, 'mysql');
  throw new DatabaseUrlError(`Unsupported database URL '${redact(url)}': use sqlite:///path, postgresql://... or mysql+pymysql://...`);
}

function parseSqlite(url: string): DatabaseUrl {
  // sqlite:// (memory), sqlite:///relative.db, sqlite:////absolute.db
  const rest = url.replace(/^[^:]+:\/\//, '');
  if (rest === '' || rest === '/' || rest === '/:memory:') return { dialect: 'sqlite', path: ':memory:' };
  if (!rest.startsWith('/')) throw new DatabaseUrlError(`SQLite URL '${url}' must look like sqlite:///path`);
  return { dialect: 'sqlite', path: rest.slice(1) };
}

function parseServer(url: string, dialect: Dialect): DatabaseUrl {
  let parsed: URL;
  try {
    parsed = new URL(url.replace(/^[^:]+:/, 'db:'));
  } catch {
    throw new DatabaseUrlError(`Malformed database URL '${redact(url)}'`);
  }
  const out: DatabaseUrl = { dialect };
  if (parsed.hostname) out.host = decodeURIComponent(parsed.hostname.replace(/^\[|\]$/g, ''));
  if (parsed.port) out.port = Number(parsed.port);
  if (parsed.username) out.user = decodeURIComponent(parsed.username);
  if (parsed.password) out.password = decodeURIComponent(parsed.password);
  const db = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (db) out.database = db;
  const socket = parsed.searchParams.get('unix_socket') ?? parsed.searchParams.get('host');
  if (socket) out.socket = socket;
  return out;
}

export function redact(url: string): string {
  return url.replace(/(\/\/[^:/@]*:)[^@]*@/, '$1***@');
}

// node scripts/probe-database.mjs <postgres|mysql> <url> [wait-seconds]
// Connects to a database server the way the tests will (TCP, the URL's user and password) and runs SELECT 1.
// Exit 0: usable. Exit 3: nothing answers (not installed or not started). Exit 4: a server answers but refuses
// us (authentication, missing database). With wait-seconds it retries while nothing answers, for servers starting up.
import mysql from 'mysql2/promise';
import pg from 'pg';

const [dialect, rawUrl, waitArg] = process.argv.slice(2);
if (!dialect || !rawUrl) {
  process.stderr.write('usage: probe-database.mjs <postgres|mysql> <url> [wait-seconds]\n');
  process.exit(2);
}
const deadline = Date.now() + Number(waitArg ?? 0) * 1000;
const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'PROBE_TIMEOUT']);

// Accept the SQLAlchemy spellings the project's config accepts (postgresql+psycopg2://, mysql+pymysql://).
const url = new URL(rawUrl.replace(/^([a-z]+)\+[a-z0-9]+:/i, '$1:'));
const user = decodeURIComponent(url.username);
const password = decodeURIComponent(url.password);
const database = decodeURIComponent(url.pathname.replace(/^\//, '')) || undefined;

async function probeOnce() {
  if (dialect === 'postgres') {
    const client = new pg.Client({
      host: url.hostname,
      port: Number(url.port || 5432),
      user,
      password,
      database,
      connectionTimeoutMillis: 3000,
    });
    await client.connect();
    try {
      await client.query('SELECT 1');
    } finally {
      await client.end();
    }
  } else if (dialect === 'mysql') {
    const conn = await mysql.createConnection({
      host: url.hostname,
      port: Number(url.port || 3306),
      user,
      password,
      database,
      connectTimeout: 3000,
    });
    try {
      await conn.query('SELECT 1');
    } finally {
      await conn.end();
    }
  } else {
    throw Object.assign(new Error(`unknown dialect ${dialect}`), { code: 'USAGE' });
  }
}

function withTimeout(promise) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error('no answer within 5 s'), { code: 'PROBE_TIMEOUT' })), 5000);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

for (;;) {
  try {
    await withTimeout(probeOnce());
    process.exit(0);
  } catch (err) {
    const unreachable = UNREACHABLE.has(err.code);
    if (unreachable && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      continue;
    }
    process.stderr.write(`${err.message || err.code || String(err)}\n`);
    process.exit(err.code === 'USAGE' ? 2 : unreachable ? 3 : 4);
  }
}

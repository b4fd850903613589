import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDatabaseUrl, redact } from './url.js';

describe('database URLs', () => {
  it('parses SQLAlchemy sqlite forms', () => {
    assert.deepEqual(parseDatabaseUrl('sqlite://'), { dialect: 'sqlite', path: ':memory:' });
    assert.deepEqual(parseDatabaseUrl('sqlite:///data/octavia.sqlite'), { dialect: 'sqlite', path: 'data/octavia.sqlite' });
    assert.deepEqual(parseDatabaseUrl('sqlite:////var/lib/octavia.db'), { dialect: 'sqlite', path: '/var/lib/octavia.db' });
  });

  it('parses server URLs with drivers, credentials and sockets', () => {
    assert.deepEqual(parseDatabaseUrl('mysql+pymysql://octavia:s%40cret@127.0.0.1:3306/octavia?charset=utf8'), {
      dialect: 'mysql',
      host: '127.0.0.1',
      port: 3306,
      user: 'octavia',
      password: 's@cret',
      database: 'octavia',
    });
    assert.deepEqual(parseDatabaseUrl('postgresql://postgres@localhost/test'), {
      dialect: 'postgres',
      host: 'localhost',
      user: 'postgres',
      database: 'test',
    });
    assert.equal(parseDatabaseUrl('postgresql+psycopg2:///test?host=/run/postgresql').socket, '/run/postgresql');
  });

  it('rejects unknown schemes and hides passwords in errors', () => {
    assert.throws(() => parseDatabaseUrl('oracle://u:p@h/db'), /Unsupported database URL 'oracle:\/\/u:\*\*\*@h\/db'/);
    assert.equal(redact('mysql://root:pw@h/db'), 'mysql://root:***@h/db');
  });
});

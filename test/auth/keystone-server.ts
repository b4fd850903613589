// A real, throwaway Keystone for tests: Debian's keystone package run by uwsgi on a free loopback port, with its own
// SQLite database and fernet keys in a temporary directory, bootstrapped with keystone-manage. Started as a process
// group whose PID is recorded; stop() kills that group and removes the directory.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually, GiveUp } from '../support/eventually.js';

export interface KeystoneServer {
  readonly url: string;
  readonly pid: number;
  readonly adminPassword: string;
  /** the temporary directory (keystone.conf, keystone.log, uwsgi.log with one line per request); removed by stop() */
  readonly directory: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function manage(conf: string, ...args: string[]): void {
  const res = spawnSync('keystone-manage', ['--config-file', conf, ...args], { encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`keystone-manage ${args[0]} failed: ${res.stderr || res.stdout}`);
}

/** `tokenLifetime` is Keystone's [token] expiration (s): short, so that the expiry test does not wait long. */
export async function startKeystone(tokenLifetime = 3600): Promise<KeystoneServer> {
  const dir = mkdtempSync(join(tmpdir(), 'octavia-keystone-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const adminPassword = `admin-${Math.random().toString(36).slice(2)}`;
  const conf = join(dir, 'keystone.conf');
  writeFileSync(
    conf,
    [
      '[DEFAULT]',
      `log_file = ${join(dir, 'keystone.log')}`,
      '[database]',
      `connection = sqlite:///${join(dir, 'keystone.sqlite')}`,
      '[token]',
      'provider = fernet',
      `expiration = ${tokenLifetime}`,
      '[fernet_tokens]',
      `key_repository = ${join(dir, 'fernet-keys')}`,
      '[fernet_receipts]',
      `key_repository = ${join(dir, 'fernet-receipts')}`,
      '[credential]',
      `key_repository = ${join(dir, 'credential-keys')}`,
      '[cache]',
      'enabled = false',
      '',
    ].join('\n'),
  );
  let child: ChildProcess | undefined;
  try {
    manage(conf, 'db_sync');
    // WAL (persistent in the file): a request's open read transaction must not lock out the next write
    const wal = spawnSync('python3', [
      '-c',
      `import sqlite3; sqlite3.connect(${JSON.stringify(join(dir, 'keystone.sqlite'))}).execute('PRAGMA journal_mode=WAL')`,
    ]);
    if (wal.status !== 0) throw new Error(`could not switch the Keystone database to WAL: ${wal.stderr}`);
    const user = process.getuid?.() === 0 ? 'root' : String(process.getuid?.());
    manage(conf, 'fernet_setup', '--keystone-user', user, '--keystone-group', user);
    manage(conf, 'credential_setup', '--keystone-user', user, '--keystone-group', user);
    manage(
      conf,
      'bootstrap',
      '--bootstrap-password',
      adminPassword,
      '--bootstrap-admin-url',
      `${url}/v3/`,
      '--bootstrap-public-url',
      `${url}/v3/`,
      '--bootstrap-internal-url',
      `${url}/v3/`,
      '--bootstrap-region-id',
      'RegionOne',
    );
    child = spawn(
      'uwsgi',
      [
        '--plugin',
        'python3',
        '--http11-socket',
        `127.0.0.1:${port}`,
        '--wsgi-file',
        '/usr/bin/keystone-wsgi-public',
        '--master',
        '--processes',
        '2',
        '--threads',
        '1',
        '--lazy-apps',
        '--die-on-term',
        '--env',
        `OS_KEYSTONE_CONFIG_FILES=${conf}`,
        '--logto',
        join(dir, 'uwsgi.log'),
      ],
      { detached: true, stdio: 'ignore' },
    );
    const pid = child.pid;
    if (pid === undefined) throw new Error('uwsgi did not start');
    const started = child;
    const answers = async () => {
      if (started.exitCode !== null) throw new GiveUp(`uwsgi exited with ${started.exitCode}; see ${dir}/uwsgi.log`);
      return (await fetch(`${url}/v3`)).status === 200;
    };
    await eventually(`Keystone to answer on ${url}`, answers, { timeoutMs: 60_000, intervalMs: 200 });
    return {
      url,
      pid,
      adminPassword,
      directory: dir,
      async stop() {
        const exited = new Promise<void>((resolve) => (started.exitCode !== null ? resolve() : started.once('exit', () => resolve())));
        try {
          process.kill(-pid, 'SIGTERM');
        } catch {
          // already gone
        }
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
        try {
          process.kill(-pid, 'SIGKILL');
        } catch {
          // exited on SIGTERM
        }
        // OCTAVIA_TEST_KEEP_KEYSTONE=1 keeps the directory (keystone.log, uwsgi.log) for debugging
        if (!process.env.OCTAVIA_TEST_KEEP_KEYSTONE) rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    if (child?.pid !== undefined) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // not running
      }
    }
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

// The process registry with real processes: entries carry PID and start time, a dead process drops out on the next
// write, a process is recorded once however often it is reported, and a PID with another start time is not it.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { identify, isSameProcess, procStat, readProcessRegistry, recordProcesses } from './process-registry.js';

const dir = mkdtempSync(join(tmpdir(), 'octavia-process-registry-'));
const file = join(dir, 'processes');

function sleeper() {
  const child = spawn('sleep', ['300'], { stdio: 'ignore' });
  return { pid: child.pid!, stop: () => new Promise<void>((resolve) => child.once('exit', () => resolve()).kill('SIGKILL')) };
}

describe('process registry', () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('records PID, start time and role; prunes the dead; records each process once', async () => {
    const a = sleeper();
    const b = sleeper();
    recordProcesses(file, [
      { pid: a.pid, role: 'haproxy-master x' },
      { pid: b.pid, role: 'haproxy-worker x' },
    ]);
    recordProcesses(file, [{ pid: a.pid, role: 'haproxy-master x' }]);
    const first = readProcessRegistry(file);
    assert.deepEqual(
      first.map((p) => [p.pid, p.role]),
      [
        [a.pid, 'haproxy-master x'],
        [b.pid, 'haproxy-worker x'],
      ],
    );
    assert.equal(first[0]!.start, procStat(a.pid)!.start);
    assert.ok(first.every(isSameProcess));

    await b.stop();
    assert.equal(isSameProcess(first[1]!), false, 'a dead process is not the recorded one');
    recordProcesses(file, [{ pid: process.pid, role: 'agent' }]);
    assert.deepEqual(
      readProcessRegistry(file).map((p) => p.pid),
      [a.pid, process.pid],
      'the dead entry is gone',
    );
    await a.stop();
  });

  it('a live PID with another start time is another process; unreadable lines are skipped', () => {
    const me = identify(process.pid)!;
    assert.equal(isSameProcess({ pid: me.pid, start: String(Number(me.start) + 1) }), false);
    assert.equal(identify(1 << 30), null);
    const odd = join(dir, 'odd');
    writeFileSync(odd, `garbage\n${me.pid} ${me.start} agent\n12x 3 haproxy\n`);
    assert.deepEqual(readProcessRegistry(odd), [{ pid: me.pid, start: me.start, role: 'agent' }]);
    assert.deepEqual(readProcessRegistry(join(dir, 'missing')), []);
  });
});

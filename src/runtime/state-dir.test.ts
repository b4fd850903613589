import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { pino } from 'pino';
import { PRIVATE_DIR_MODE, tightenMode } from './state-dir.js';

const modeOf = (path: string) => statSync(path).mode & 0o7777;

describe('state directory modes', () => {
  const root = mkdtempSync(join(tmpdir(), 'octavia-tighten-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  const lines: string[] = [];
  const log = pino({ level: 'warn' }, { write: (line: string) => void lines.push(line) });

  it('removes only the group and other bits, and leaves a private directory untouched', () => {
    const dir = join(root, 'state');
    mkdirSync(dir);
    chmodSync(dir, 0o755);
    tightenMode(dir, PRIVATE_DIR_MODE, log);
    assert.equal(modeOf(dir), 0o700);
    assert.equal(lines.length, 1);
    tightenMode(dir, PRIVATE_DIR_MODE, log);
    assert.equal(lines.length, 1, 'nothing to say the second time');
  });

  it('does not change a shared (sticky) directory such as /tmp, and warns instead', () => {
    const dir = join(root, 'shared');
    mkdirSync(dir);
    chmodSync(dir, 0o1777);
    lines.length = 0;
    tightenMode(dir, PRIVATE_DIR_MODE, log);
    assert.equal(modeOf(dir), 0o1777);
    assert.match(lines[0] ?? '', /not ours to change/);
  });

  it('ignores a path that does not exist', () => {
    lines.length = 0;
    tightenMode(join(root, 'absent'), PRIVATE_DIR_MODE, log);
    assert.equal(lines.length, 0);
  });
});

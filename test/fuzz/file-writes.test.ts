import assert from 'node:assert/strict';
import { it } from 'node:test';
import { fileWrites } from './file-writes.js';

it('names writes, creates, renames and removals outside the state directory, and nothing else', () => {
  const log = [
    '100 openat(AT_FDCWD, "/state/octavia.sqlite", O_RDWR|O_CREAT|O_CLOEXEC, 0600) = 21',
    '100 openat(AT_FDCWD, "/etc/passwd", O_RDONLY|O_CLOEXEC) = 22',
    '101 openat(AT_FDCWD, "/etc/shadow", O_WRONLY|O_TRUNC, 0666) = 23',
    '101 openat(AT_FDCWD, "/tmp/missing", O_WRONLY|O_CREAT, 0666) = -1 EACCES (Permission denied)',
    '[pid   102] rename("/state/a.tmp", "/var/x") = 0',
    '102 unlinkat(AT_FDCWD, "data/evil", 0) = 0',
    '103 openat(AT_FDCWD, "/dev/null", O_WRONLY) = 3',
    '103 mkdir("/state/sub", 0700) = 0',
    '103 openat(AT_FDCWD, "/state/../outside", O_WRONLY|O_CREAT, 0600) = 4',
  ].join('\n');
  const writes = fileWrites(log, '/state', '/repo');
  assert.deepEqual(
    writes.outside.map((w) => `${w.call} ${w.path}`),
    ['openat /etc/shadow', 'rename /var/x', 'unlinkat /repo/data/evil', 'openat /outside'],
  );
  // the sqlite open, the rename's source and the mkdir
  assert.equal(writes.inside, 3);
});

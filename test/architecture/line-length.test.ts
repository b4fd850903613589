// No line of the project's own code is longer than 140 characters. The formatter (biome, `npm test` runs
// `biome ci`) wraps code at that width but leaves long strings and comments alone; this check covers those too.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { sourceFiles } from '../support/source-files.js';

const MAX = 140;
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TREES = ['src', 'test', 'bench', 'scripts'];
const CHECKED = /\.(ts|mjs|js|sh|py)$/;

describe('line length', () => {
  it(`keeps every line of src, test, bench and scripts within ${MAX} characters`, () => {
    const long: string[] = [];
    for (const tree of TREES) {
      for (const file of sourceFiles(join(ROOT, tree), CHECKED)) {
        readFileSync(file, 'utf8')
          .split('\n')
          .forEach((line, i) => {
            if ([...line].length > MAX) long.push(`${relative(ROOT, file)}:${i + 1} (${[...line].length})`);
          });
      }
    }
    assert.deepEqual(long, [], `${long.length} lines over ${MAX} characters:\n${long.slice(0, 50).join('\n')}`);
  });
});

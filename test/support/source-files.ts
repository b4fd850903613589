// The source files of a tree, for the architecture tests that read the project's own code.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Every file under `dir` whose name matches `names` (TypeScript by default), sorted. */
export function sourceFiles(dir: string, names: RegExp = /\.(ts|mts|cts)$/): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && names.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

// The TypeScript files of a source tree, for the architecture tests that read src/.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Every .ts/.mts/.cts file under `dir`, sorted. */
export function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(ts|mts|cts)$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

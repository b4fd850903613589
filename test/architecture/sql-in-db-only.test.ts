// SQL lives in src/db/ only (docs/architecture.md, Layers; ../shared/design/STYLE.md: "a status change is one call
// into db/repositories"): every other file under src/, its *.test.ts files included, calls named repository functions
// and builds no Kysely query. There is no exception list on purpose: a query found outside db/ moves into
// src/db/repositories/<resource>.ts.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { sourceFiles } from '../support/source-files.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const srcRoot = join(repoRoot, 'src');
const dbRoot = join(srcRoot, 'db');

/** Kysely's query-starting methods (on a Kysely instance or a transaction). */
const QUERY_STARTERS = new Set(['selectFrom', 'selectNoFrom', 'insertInto', 'replaceInto', 'updateTable', 'deleteFrom', 'mergeInto']);
/** Common table expressions: db.with('name', (qb) => ...), also with a CTE builder as the first argument. */
const CTE_STARTERS = new Set(['with', 'withRecursive']);

const isFunctionLike = (node: ts.Node | undefined): boolean =>
  node !== undefined && (ts.isArrowFunction(node) || ts.isFunctionExpression(node));

/** Each place the file builds SQL, as "line: what". */
function sqlBuildingIn(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: string[] = [];
  const at = (node: ts.Node, what: string): void => {
    found.push(`${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}: ${what}`);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const method = node.expression.name.text;
      if (QUERY_STARTERS.has(method)) at(node, `.${method}(`);
      // Array.prototype.with(index, value) takes no function: a CTE's body is one
      else if (CTE_STARTERS.has(method) && node.arguments.length === 2 && isFunctionLike(node.arguments[1])) at(node, `.${method}(`);
    }
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier !== undefined) {
      const fromKysely = ts.isStringLiteral(node.moduleSpecifier) && node.moduleSpecifier.text === 'kysely';
      if (fromKysely && !(ts.isImportDeclaration(node) ? node.importClause?.isTypeOnly : node.isTypeOnly)) {
        const bindings = ts.isImportDeclaration(node) ? node.importClause?.namedBindings : node.exportClause;
        if (bindings !== undefined && ts.isNamespaceImport(bindings)) at(node, "import * from 'kysely' (its sql tag)");
        else if (ts.isExportDeclaration(node) && (bindings === undefined || ts.isNamespaceExport(bindings))) {
          at(node, "export * from 'kysely' (its sql tag)");
        } else if (bindings !== undefined && !ts.isNamespaceExport(bindings)) {
          for (const element of bindings.elements) {
            if (!element.isTypeOnly && (element.propertyName ?? element.name).text === 'sql') at(node, "sql from 'kysely'");
          }
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('SQL only in src/db/', () => {
  it('no file under src/ outside src/db/ builds a Kysely query or uses its sql tag', () => {
    const files = sourceFiles(srcRoot).filter((file) => !file.startsWith(dbRoot + sep));
    assert.ok(files.length > 0, 'found no source file outside src/db/');
    const offenders = files.flatMap((file) => {
      const found = sqlBuildingIn(file, readFileSync(file, 'utf8'));
      return found.length === 0 ? [] : [`${relative(repoRoot, file)}: ${found.join('; ')}`];
    });
    assert.deepEqual(offenders, []); // each moves into src/db/repositories/
  });
});

describe('the SQL finder', () => {
  it('finds query starters, CTEs and the sql tag, and ignores look-alikes', () => {
    const text = [
      "import { sql, type Kysely } from 'kysely';",
      "import { sql as raw } from 'kysely';",
      "import type { sql as typeOnly } from 'kysely';",
      "import { type sql as inlineTypeOnly } from 'kysely';",
      "import * as k from 'kysely';",
      "export { sql } from 'kysely'; export * from 'kysely';",
      "await db.selectFrom('pool').select('id').execute();",
      "await tx.updateTable('listener').set({ a: 1 }).execute();",
      "await db.insertInto('vip').values(v).execute(); await db.deleteFrom('vip').execute();",
      "await db.replaceInto('t').values(v).execute(); await db.mergeInto('t').using('u', 'a', 'b').execute();",
      "await db.with('c', (qb) => qb.selectNoFrom(sql`1`.as('x'))).execute();",
      "const copy = list.with(0, 'x'); const s = 'db.selectFrom(x)'; // db.deleteFrom('x')",
      'await loadPools(db, ids);',
    ].join('\n');
    assert.deepEqual(sqlBuildingIn('x.ts', text), [
      "1: sql from 'kysely'",
      "2: sql from 'kysely'",
      "5: import * from 'kysely' (its sql tag)",
      "6: sql from 'kysely'",
      "6: export * from 'kysely' (its sql tag)",
      '7: .selectFrom(',
      '8: .updateTable(',
      '9: .insertInto(',
      '9: .deleteFrom(',
      '10: .replaceInto(',
      '10: .mergeInto(',
      '11: .with(',
      '11: .selectNoFrom(',
    ]);
  });
});

// The layers of docs/architecture.md ("Layers") as data, checked against every import under src/: an import may
// only run down the layers (or across, inside a layer of shared libraries), the top-level parts must not import
// each other in a cycle, and the amphora agent imports only contracts/ and common/ (../shared/design/ARCHITECTURE.md).
// There is no exception list on purpose: an upward edge is fixed by moving the shared piece down.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { sourceFiles } from '../support/source-files.js';

interface Layer {
  readonly parts: readonly string[];
  /** libraries of one layer may use each other (the part graph must stay acyclic); processes never do */
  readonly siblingsMayImport: boolean;
}

/** Bottom first. Every top-level folder of src/ is in exactly one layer. */
const LAYERS: readonly Layer[] = [
  { parts: ['common', 'contracts', 'config'], siblingsMayImport: true },
  { parts: ['db', 'render'], siblingsMayImport: true },
  { parts: ['drivers'], siblingsMayImport: true },
  { parts: ['jobboard'], siblingsMayImport: true },
  { parts: ['providers'], siblingsMayImport: true },
  { parts: ['api', 'worker', 'health-manager', 'housekeeping', 'amphora-agent'], siblingsMayImport: false },
  { parts: ['runtime'], siblingsMayImport: true },
  { parts: ['cli'], siblingsMayImport: true },
];

/** Parts held to a narrower set than their layer allows (besides themselves). */
const ONLY_IMPORTS: ReadonlyMap<string, readonly string[]> = new Map([
  ['amphora-agent', ['common', 'contracts']],
  ['render', ['contracts']],
]);

interface ImportSite {
  readonly specifier: string;
  readonly line: number;
}

interface Edge {
  readonly from: string;
  readonly to: string;
  /** where: "src/x/y.ts:12" */
  readonly site: string;
}

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const srcRoot = join(repoRoot, 'src');

/** Every module specifier of a TypeScript file: import/export ... from, import x = require(), import('...'), import('...').T. */
function importsOf(fileName: string, text: string): { sites: ImportSite[]; unreadable: number[] } {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const sites: ImportSite[] = [];
  const unreadable: number[] = [];
  const lineOf = (node: ts.Node): number => source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
  const add = (node: ts.Node, specifier: ts.Node | undefined): void => {
    if (specifier !== undefined && ts.isStringLiteralLike(specifier)) sites.push({ specifier: specifier.text, line: lineOf(node) });
    else unreadable.push(lineOf(node));
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) add(node, node.moduleSpecifier);
    else if (ts.isExportDeclaration(node) && node.moduleSpecifier !== undefined) add(node, node.moduleSpecifier);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node, node.moduleReference.expression);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) add(node, node.arguments[0]);
    else if (ts.isImportTypeNode(node)) {
      add(node, ts.isLiteralTypeNode(node.argument) ? node.argument.literal : undefined);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { sites, unreadable };
}

/** The top-level part of a path under src/ ('' for a file directly in src/), null outside src/. */
function partOf(path: string): string | null {
  const rel = relative(srcRoot, path);
  if (rel.startsWith('..') || resolve(srcRoot, rel) !== path) return null;
  return rel.includes(sep) ? rel.split(sep)[0]! : '';
}

/** The edges between parts (and out of src/, as to: null) of every relative import under src/. */
function readEdges(): { edges: Edge[]; outside: string[]; unreadable: string[] } {
  const edges: Edge[] = [];
  const outside: string[] = [];
  const unreadable: string[] = [];
  for (const file of sourceFiles(srcRoot)) {
    const from = partOf(file)!;
    const where = (line: number): string => `${relative(repoRoot, file)}:${line}`;
    const found = importsOf(file, readFileSync(file, 'utf8'));
    unreadable.push(...found.unreadable.map(where));
    for (const site of found.sites) {
      if (!site.specifier.startsWith('.')) continue; // a package or node: builtin
      const to = partOf(resolve(dirname(file), site.specifier));
      if (to === null) outside.push(`${where(site.line)} imports ${site.specifier}`);
      else if (to !== from) edges.push({ from, to, site: where(site.line) });
    }
  }
  return { edges, outside, unreadable };
}

/** Where each part sits; throws on a part placed twice. */
function layerIndex(layers: readonly Layer[]): Map<string, number> {
  const index = new Map<string, number>();
  layers.forEach((layer, i) => {
    for (const part of layer.parts) {
      if (index.has(part)) throw new Error(`part ${part} is in two layers`);
      index.set(part, i);
    }
  });
  return index;
}

/** One line per edge the layers forbid. */
function layerViolations(edges: readonly Edge[], layers: readonly Layer[], only: ReadonlyMap<string, readonly string[]>): string[] {
  const index = layerIndex(layers);
  const problems: string[] = [];
  for (const edge of edges) {
    const from = index.get(edge.from);
    const to = index.get(edge.to);
    if (from === undefined || to === undefined) {
      problems.push(`${edge.site}: ${edge.from} -> ${edge.to}: ${from === undefined ? edge.from : edge.to} has no layer`);
    } else if (to > from) {
      problems.push(`${edge.site}: ${edge.from} (layer ${from}) imports ${edge.to} (layer ${to}), up the layers`);
    } else if (to === from && !layers[from]!.siblingsMayImport) {
      problems.push(`${edge.site}: ${edge.from} imports ${edge.to}, another process of layer ${from}`);
    }
    const allowed = only.get(edge.from);
    if (allowed !== undefined && !allowed.includes(edge.to)) {
      problems.push(`${edge.site}: ${edge.from} may import only ${allowed.join(', ')}, not ${edge.to}`);
    }
  }
  return problems;
}

/** Every cycle of the part graph, each as "a -> b -> a" (found once, from its smallest part name). */
function partCycles(edges: readonly Edge[]): string[] {
  const next = new Map<string, Set<string>>();
  for (const edge of edges) {
    if (!next.has(edge.from)) next.set(edge.from, new Set());
    next.get(edge.from)!.add(edge.to);
  }
  const cycles: string[] = [];
  for (const start of [...next.keys()].sort()) {
    // simple paths from start through parts that sort after it: each cycle is reported from its smallest part
    const walk = (part: string, path: string[]): void => {
      for (const to of [...(next.get(part) ?? [])].sort()) {
        if (to === start) cycles.push([...path, start].join(' -> '));
        else if (to > start && !path.includes(to)) walk(to, [...path, to]);
      }
    };
    walk(start, [start]);
  }
  return cycles;
}

describe('layering of src/ (docs/architecture.md, Layers)', () => {
  const { edges, outside, unreadable } = readEdges();

  it('places every top-level folder of src/ in one layer, and no file directly in src/', () => {
    const index = layerIndex(LAYERS);
    const entries = readdirSync(srcRoot, { withFileTypes: true });
    const unplaced = entries.filter((e) => e.isDirectory() && !index.has(e.name)).map((e) => e.name);
    const loose = entries.filter((e) => !e.isDirectory()).map((e) => e.name);
    assert.deepEqual({ unplaced, loose }, { unplaced: [], loose: [] });
    const gone = [...index.keys()].filter((part) => !entries.some((e) => e.isDirectory() && e.name === part));
    assert.deepEqual(gone, [], 'layers name folders src/ no longer has');
  });

  it('reads every import (no computed specifier) and none leaves src/', () => {
    assert.ok(edges.length > 0, 'found no import between parts at all');
    assert.deepEqual(unreadable, [], 'imports whose specifier is not a string literal cannot be checked');
    assert.deepEqual(outside, []);
  });

  it('imports only down the layers (or across a layer of libraries), the agent only contracts/ and common/', () => {
    assert.deepEqual(layerViolations(edges, LAYERS, ONLY_IMPORTS), []);
  });

  it('has no import cycle between parts', () => {
    assert.deepEqual(partCycles(edges), []);
  });
});

describe('the layering checker', () => {
  it('finds static, re-export, require, dynamic and type-position imports', () => {
    const text = [
      "import a from './a.js';",
      "import type { B } from '../b.js';",
      "export { c } from './c.js';",
      "export * from './d.js';",
      "import e = require('./e.js');",
      "const f = await import('./f.js');",
      "type G = import('./g.js').G;",
      'const h = await import(name);',
    ].join('\n');
    const found = importsOf('x.ts', text);
    assert.deepEqual(
      found.sites.map((s) => `${s.line}:${s.specifier}`),
      ['1:./a.js', '2:../b.js', '3:./c.js', '4:./d.js', '5:./e.js', '6:./f.js', '7:./g.js'],
    );
    assert.deepEqual(found.unreadable, [8]);
  });

  it('reports an upward edge, an import between processes, a narrowed part and a cycle', () => {
    const edge = (from: string, to: string): Edge => ({ from, to, site: `src/${from}/x.ts:1` });
    assert.deepEqual(
      layerViolations(
        [edge('db', 'api'), edge('api', 'worker'), edge('amphora-agent', 'db'), edge('api', 'db'), edge('contracts', 'common')],
        LAYERS,
        ONLY_IMPORTS,
      ),
      [
        'src/db/x.ts:1: db (layer 1) imports api (layer 5), up the layers',
        'src/api/x.ts:1: api imports worker, another process of layer 5',
        'src/amphora-agent/x.ts:1: amphora-agent may import only common, contracts, not db',
      ],
    );
    assert.deepEqual(
      partCycles([edge('common', 'config'), edge('config', 'contracts'), edge('contracts', 'common'), edge('db', 'common')]),
      ['common -> config -> contracts -> common'],
    );
  });
});

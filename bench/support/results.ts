// Writes a benchmark's results as bench/results/<name>.json (machine-readable, committed) and <name>.md (a table
// for humans), and renders that table for the console.
import { renameSync, writeFileSync } from 'node:fs';
import { arch, cpus, platform, release, totalmem } from 'node:os';
import { join } from 'node:path';
import type { RunResult } from './load.js';
import { REPO_ROOT } from './service.js';

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  os: string;
  node: string;
  /** dialect → server version */
  databases: Record<string, string>;
}

export interface Target {
  description: string;
  /** true when a row meets the target, undefined when the target does not apply to it */
  check(run: RunResult): boolean | undefined;
}

export interface TargetVerdict {
  description: string;
  /** every row the target applies to meets it (false when no row does) */
  pass: boolean;
  rows: { name: string; database: string; connections: number; pass: boolean }[];
}

export interface BenchResults {
  generatedAt: string;
  machine: MachineInfo;
  runs: RunResult[];
  target?: TargetVerdict;
  notes: string[];
}

export function evaluateTarget(target: Target, runs: RunResult[]): TargetVerdict {
  const rows = runs.flatMap((r) => {
    const pass = target.check(r);
    return pass === undefined ? [] : [{ name: r.name, database: r.database, connections: r.connections, pass }];
  });
  return { description: target.description, pass: rows.length > 0 && rows.every((r) => r.pass), rows };
}

export function machineInfo(databases: Record<string, string>): MachineInfo {
  const cpu = cpus();
  return {
    cpus: cpu.length,
    cpuModel: cpu[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${platform()} ${release()} ${arch()}`,
    node: process.version,
    databases,
  };
}

export function renderMarkdown(title: string, results: BenchResults, target?: Target): string {
  const m = results.machine;
  const lines = [
    `# ${title}`,
    '',
    `Generated ${results.generatedAt} on ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}.`,
    `Databases: ${
      Object.entries(m.databases)
        .map(([d, v]) => `${d} (${v})`)
        .join(', ') || 'none'
    }.`,
    '',
    `| run | database | conn | bound | req/s | p50 ms | p90 ms | p99 ms | errors | non-2xx | load1 |${target ? ' target |' : ''}`,
    `|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|${target ? ':-:|' : ''}`,
  ];
  for (const r of results.runs) {
    const bound = r.amount !== undefined ? `${r.amount} req` : `${r.durationS} s`;
    const verdict = target ? target.check(r) : undefined;
    const cell = verdict === undefined ? '' : verdict ? 'PASS' : 'MISS';
    lines.push(
      `| ${r.name} | ${r.database} | ${r.connections} | ${bound} | ${r.requestsPerSec} | ${r.latencyMs.p50} | ` +
        `${r.latencyMs.p90} | ${r.latencyMs.p99} | ${r.errors} | ${non2xxCell(r)} | ${r.loadAvg1} |${target ? ` ${cell} |` : ''}`,
    );
  }
  if (target) {
    const verdict = evaluateTarget(target, results.runs);
    const passed = verdict.rows.filter((r) => r.pass).length;
    lines.push('', `Target: ${target.description} — ${verdict.pass ? 'PASS' : 'MISS'} (${passed}/${verdict.rows.length} rows meet it).`);
  }
  lines.push('', `load1 is the machine's 1-minute load average when the run ended; above ${m.cpus} other work shared the CPUs.`);
  for (const note of results.notes) lines.push('', `Note: ${note}`);
  return `${lines.join('\n')}\n`;
}

/** "4 (409×4)": the count, and which statuses they were. */
function non2xxCell(r: RunResult): string {
  if (r.non2xx === 0) return '0';
  const codes = Object.entries(r.statusCodes).filter(([code]) => !code.startsWith('2'));
  return `${r.non2xx} (${codes.map(([code, n]) => `${code}×${n}`).join(', ')})`;
}

/** Writes both files through a temporary name, so an interrupted run never leaves a half-written result. */
export function writeResults(name: string, results: BenchResults | object, markdown: string): { json: string; md: string } {
  const dir = join(REPO_ROOT, 'bench/results');
  const json = join(dir, `${name}.json`);
  const md = join(dir, `${name}.md`);
  writeAtomically(json, `${JSON.stringify(results, null, 2)}\n`);
  writeAtomically(md, markdown);
  return { json, md };
}

function writeAtomically(file: string, content: string): void {
  writeFileSync(`${file}.tmp`, content);
  renameSync(`${file}.tmp`, file);
}

// Runs fuzz cases against a target and collects findings: a broken answer (invariants.ts), a database that fails
// its consistency check once the work a case started has settled, a service that died, a file written outside the
// state directory. Cases come from fast-check with a fixed seed, so a run is repeatable up to server timing.
import fc from 'fast-check';
import { findInconsistencies } from '../../src/db/repositories/consistency.js';
import { waitAllSettled } from '../support/worker-probe.js';
import { send, type RawRequest, type RawResponse } from './http-client.js';
import { checkAnswer } from './invariants.js';
import { fuzzCase, type FuzzRequest } from './requests.js';
import type { FuzzTarget } from './target.js';
import { Ref } from './values.js';
import { type Persona, PERSONAS, World } from './world.js';

const SETTLE_TIMEOUT_MS = 30_000;
/** Live load balancers kept at most; past it the oldest are deleted (lists stay fast over a long run). */
const MAX_LIVE_LOAD_BALANCERS = 40;
const CHUNK = 500;
/** api/app.ts bodyLimit */
const SERVER_BODY_LIMIT = 10 * 1024 * 1024;

export interface Finding {
  readonly case: number;
  readonly problem: string;
  readonly request?: string;
}

export interface FuzzReport {
  readonly cases: number;
  readonly requests: number;
  readonly statuses: Record<string, number>;
  readonly findings: Finding[];
  readonly seconds: number;
}

export interface FuzzOptions {
  readonly cases: number;
  readonly seed: number;
  /** stop at the first finding (CI), or collect them all (bench, discovery) */
  readonly stopOnFirst?: boolean;
  readonly onProgress?: (done: number, report: FuzzReport) => void;
}

function describe(r: RawRequest, bodyText: string, persona: string): string {
  const shown = bodyText.length > 400 ? `${bodyText.slice(0, 400)}… (${bodyText.length} bytes)` : bodyText;
  return (
    `${persona} ${r.method} ${r.path.length > 300 ? `${r.path.slice(0, 300)}…` : r.path} ` +
    `${JSON.stringify(r.headers['content-type'] ?? null)} ${shown}`
  );
}

/** Percent-encoding of the UTF-8 bytes (encodeURIComponent throws on a lone surrogate; the bytes still go). */
function pct(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8'))
    out += /[A-Za-z0-9._~-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  return out;
}

function materialize(req: FuzzRequest, world: World): { raw: RawRequest; bodyText: string } {
  const persona = PERSONAS[req.persona] ?? PERSONAS[0]!;
  const segment = (s: string | Ref) => {
    const v = s instanceof Ref ? world.resolveRef(s, persona) : s;
    // ids of real objects go as they are; generated strings are percent-encoded unless they are encodings already
    return /^[A-Za-z0-9._~%-]*$/.test(v) ? v : pct(v);
  };
  const query = req.query.map(([k, v]) => `${pct(k)}=${pct(typeof v === 'string' ? v : world.resolveRef(v as Ref, persona))}`).join('&');
  const path = `/${req.path.map(segment).join('/')}${query ? `?${query}` : ''}`;
  let bodyText = '';
  if (req.body && 'json' in req.body) bodyText = JSON.stringify(world.resolve(req.body.json, persona)) ?? 'null';
  else if (req.body && 'raw' in req.body) bodyText = req.body.raw;
  else if (req.body && 'bytes' in req.body) bodyText = `{"x": "${'a'.repeat(req.body.bytes)}"}`;
  const headers: Record<string, string> = { ...persona.headers };
  if (req.contentType !== null && req.body) headers['content-type'] = req.contentType;
  return { raw: { method: req.method, path, headers, ...(req.body ? { body: Buffer.from(bodyText) } : {}) }, bodyText };
}

async function settle(target: FuzzTarget): Promise<string | null> {
  try {
    await waitAllSettled(target.database.db, SETTLE_TIMEOUT_MS, 5);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

/** Deletes the oldest load balancers (cascade, as admin) past the cap; their answers are checked too. */
type Check = (raw: RawRequest, bodyText: string, persona: Persona, res: RawResponse) => void;

async function keepSmall(target: FuzzTarget, world: World, check: Check): Promise<void> {
  const admin = PERSONAS[0]!;
  const raw: RawRequest = {
    method: 'GET',
    path: '/v2/lbaas/loadbalancers?fields=id&fields=provisioning_status&sort=created_at:asc',
    headers: admin.headers,
  };
  const res = await send(target.origin, raw);
  check(raw, '', admin, res);
  if (res.status !== 200) return;
  const lbs = (JSON.parse(res.text) as { loadbalancers: { id: string; provisioning_status: string }[] }).loadbalancers;
  const live = lbs.filter((l) => l.provisioning_status !== 'DELETED' && !l.provisioning_status.startsWith('PENDING'));
  if (live.length <= MAX_LIVE_LOAD_BALANCERS) return;
  for (const lb of live.slice(0, live.length - MAX_LIVE_LOAD_BALANCERS / 2)) {
    const del: RawRequest = { method: 'DELETE', path: `/v2/lbaas/loadbalancers/${lb.id}?cascade=true`, headers: admin.headers };
    const d = await send(target.origin, del);
    check(del, '', admin, d);
    if (d.status === 204) world.forget(lb.id);
  }
}

export async function runFuzz(target: FuzzTarget, opts: FuzzOptions): Promise<FuzzReport> {
  const world = new World();
  const started = Date.now();
  const statuses: Record<string, number> = {};
  const findings: Finding[] = [];
  const seen = new Set<string>();
  let requests = 0;
  let done = 0;
  const report = (): FuzzReport => ({ cases: done, requests, statuses, findings, seconds: (Date.now() - started) / 1000 });
  const note = (problem: string, request?: string) => {
    // one finding per kind of problem and place: the same broken answer a thousand times is one finding
    const key = problem
      .replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '<id>')
      .replace(/'[^']*'/g, "'…'")
      .replace(/\d+/g, 'N')
      .slice(0, 90);
    if (seen.has(key)) return;
    seen.add(key);
    findings.push({ case: done, problem, ...(request ? { request } : {}) });
  };
  const checkRaw: Check = (raw, bodyText, persona, res) => {
    for (const p of checkAnswer({ method: raw.method, path: raw.path, bodyText, persona }, res, world))
      note(p, describe(raw, bodyText, persona.name));
  };

  // what exists before the first case: the embedded network, its subnet
  for (const path of ['/v2.0/networks', '/v2.0/subnets', '/v2/lbaas/providers']) {
    const res = await send(target.origin, { method: 'GET', path, headers: PERSONAS[0]!.headers });
    if (res.status === 200) world.learn(JSON.parse(res.text));
  }

  for (let chunk = 0; done < opts.cases; chunk++) {
    const cases = fc.sample(fuzzCase, { seed: opts.seed + chunk, numRuns: Math.min(CHUNK, opts.cases - done) });
    for (const c of cases) {
      const sent = c.map((req) => ({ req, ...materialize(req, world) }));
      const answers = await Promise.allSettled(sent.map((s) => send(target.origin, s.raw)));
      requests += sent.length;
      answers.forEach((a, i) => {
        const s = sent[i]!;
        const persona = PERSONAS[s.req.persona] ?? PERSONAS[0]!;
        if (a.status === 'rejected') {
          // Past the body limit the server answers 413 and closes; its reset can beat the answer to the client
          // (curl sees the 413). Closing on an oversized body is allowed HTTP; every other silence is a finding.
          if ((s.raw.body?.length ?? 0) > SERVER_BODY_LIMIT && /closed without an answer/.test((a.reason as Error).message)) {
            statuses['closed (body over the limit)'] = (statuses['closed (body over the limit)'] ?? 0) + 1;
            return;
          }
          note(`no answer: ${(a.reason as Error).message}`, describe(s.raw, s.bodyText, persona.name));
          return;
        }
        const res = a.value;
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        checkRaw(s.raw, s.bodyText, persona, res);
        if (process.env.FUZZ_TRACE && s.raw.method === process.env.FUZZ_TRACE)
          console.error(
            `${persona.name} ${s.raw.method} ${s.raw.path.slice(0, 60)} ${res.status} ${res.text.slice(0, 150)} <= ` +
              `${s.bodyText.slice(0, 200)}`,
          );
        if (res.status < 300 && res.text) {
          try {
            world.learn(JSON.parse(res.text));
          } catch {
            // reported by checkAnswer
          }
        }
        if (s.raw.method === 'DELETE' && res.status === 204) world.forget(s.raw.path.split('?')[0]!.split('/').pop()!);
      });
      done++;
      if (!target.alive()) {
        note(`the service died:\n${target.logTail()}`);
        return report();
      }
      const stuck = await settle(target);
      if (stuck) note(stuck, sent.map((s) => describe(s.raw, s.bodyText, PERSONAS[s.req.persona]?.name ?? '?')).join('\n'));
      for (const inc of await findInconsistencies(target.database.db)) {
        note(
          `inconsistent database: ${inc.check} (${inc.row}${inc.detail ? `, ${inc.detail}` : ''})`,
          sent.map((s) => describe(s.raw, s.bodyText, PERSONAS[s.req.persona]?.name ?? '?')).join('\n'),
        );
      }
      if (done % 50 === 0) await keepSmall(target, world, checkRaw);
      if (opts.stopOnFirst && findings.length > 0) return report();
      if (done % 1000 === 0) opts.onProgress?.(done, report());
    }
  }
  const writes = target.fileWrites();
  for (const w of writes.outside) note(`file written outside the state directory: ${w.call} ${w.path}`, w.line);
  if (writes.inside === 0) note('strace recorded no file change at all: the file-write check saw nothing');
  return report();
}

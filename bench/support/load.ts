// One bounded autocannon run (fixed duration or fixed number of requests) turned into a result row.
// Percentiles come from every 2xx response time autocannon reports (sub-millisecond precision); its own histogram
// rounds to whole milliseconds, too coarse for a 5 ms target.
import { loadavg } from 'node:os';
import autocannon, { type Request } from 'autocannon';

export interface LoadSpec {
  name: string;
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  connections: number;
  /** every run is bounded: by time (default 10 s)... */
  durationS?: number;
  /** ...or by a fixed number of requests, which takes precedence */
  amount?: number;
  /** body of the n-th request (n counts from 0 across all connections), for requests that must differ */
  body?: (n: number) => unknown;
  headers?: Record<string, string>;
}

export interface LatencyMs {
  p50: number;
  p90: number;
  p99: number;
}

export interface RunResult {
  name: string;
  database: string;
  method: string;
  path: string;
  connections: number;
  durationS?: number;
  amount?: number;
  /** wall time of the run in seconds */
  elapsedS: number;
  requests: number;
  requestsPerSec: number;
  latencyMs: LatencyMs;
  /** connection errors and timeouts */
  errors: number;
  non2xx: number;
  /** responses per HTTP status, e.g. {"201": 1998, "409": 2} */
  statusCodes: Record<string, number>;
  /** 1-minute load average when the run ended: other work on the machine skews every number */
  loadAvg1: number;
}

export async function runLoad(baseUrl: string, spec: LoadSpec, database: string): Promise<RunResult> {
  const method = spec.method ?? 'GET';
  let n = 0;
  const request: Request = { method, path: spec.path };
  if (spec.body) {
    const body = spec.body;
    request.setupRequest = (req) => ({ ...req, body: JSON.stringify(body(n++)) });
  }
  const instance = autocannon({
    url: baseUrl,
    connections: spec.connections,
    ...(spec.amount !== undefined ? { amount: spec.amount } : { duration: spec.durationS ?? 10 }),
    headers: { ...(spec.body ? { 'content-type': 'application/json' } : {}), ...spec.headers },
    requests: [request],
    timeout: 30,
  });
  const latencies: number[] = [];
  instance.on('response', (_client, status, _bytes, responseTime) => {
    if (Number(status) >= 200 && Number(status) < 300) latencies.push(responseTime);
  });
  const result = await instance;
  const requests = Object.values(result.statusCodeStats).reduce((sum, s) => sum + s.count, 0);
  return {
    name: spec.name,
    database,
    method,
    path: spec.path,
    connections: spec.connections,
    ...(spec.amount !== undefined ? { amount: spec.amount } : { durationS: spec.durationS ?? 10 }),
    elapsedS: result.duration,
    requests,
    requestsPerSec: round(requests / result.duration, 1),
    latencyMs: percentiles(latencies),
    errors: result.errors,
    non2xx: result.non2xx,
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, s]) => [code, s.count])),
    loadAvg1: round(loadavg()[0]!, 2),
  };
}

export function percentiles(values: number[]): LatencyMs {
  const sorted = Float64Array.from(values).sort();
  const at = (p: number) => (sorted.length === 0 ? NaN : round(sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!, 2));
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99) };
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

// An in-process octavia-ts API on a real socket and a real (throwaway) database, for API and integration tests.
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { buildApp } from '../../src/api/app.js';
import { createLogger } from '../../src/common/logging.js';
import { loadConfig } from '../../src/config/load.js';
import type { OctaviaConfig } from '../../src/config/config.js';
import type { Dialect } from '../../src/db/url.js';
import type { CertManager } from '../../src/drivers/certificates/cert-manager.js';
import { createRuntime, type Runtime } from '../../src/runtime/services.js';
import type { RunnerHooks } from '../../src/worker/engine/runner.js';
import { createTestDatabase, type TestDatabase } from './databases.js';
import { eventually } from './eventually.js';

export type Overrides = Record<string, Record<string, string | number | boolean>>;

export interface ApiResponse {
  status: number;
  headers: Headers;
  text: string;
  /** parsed JSON body, or undefined when the body is empty or not JSON */
  body: any;
}

export interface TestApi {
  readonly url: string;
  readonly dialect: Dialect;
  readonly config: OctaviaConfig;
  readonly runtime: Runtime;
  request(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResponse>;
  get(path: string, headers?: Record<string, string>): Promise<ApiResponse>;
  post(path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResponse>;
  put(path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResponse>;
  delete(path: string, headers?: Record<string, string>): Promise<ApiResponse>;
  /** polls GET path (with `headers`) until it answers 200 and pick(body) holds; fails after timeoutMs (default 10 s) */
  waitFor(path: string, pick: (body: any) => boolean, timeoutMs?: number, headers?: Record<string, string>): Promise<any>;
  close(): Promise<void>;
}

export interface StartOptions {
  /** run a controller worker in the API process (amphora provider tests) */
  readonly worker?: boolean;
  readonly hooks?: RunnerHooks;
  /** run the health manager (heartbeat receiver, failover scan) in the API process */
  readonly healthManager?: boolean;
  /** run on this database instead of a new throwaway one; close() leaves it in place (the caller owns it) */
  readonly database?: TestDatabase;
  /** octavia.conf files read first (the overrides still win), as --config-file gives them to the service */
  readonly configFiles?: readonly string[];
  /** the certificate manager the API uses, built around the configured one (to observe when it is called) */
  readonly wrapCerts?: (configured: CertManager) => CertManager;
  /** the logger of every part (default: silent, or OCTAVIA_TEST_LOG_LEVEL), e.g. one writing into memory */
  readonly log?: Logger;
}

/**
 * Starts the API on a throwaway database. The default provider is noop_driver unless the overrides say otherwise
 * ([api_settings] default_provider_driver), so API tests do not depend on the worker.
 */
export async function startApi(dialect: Dialect = 'sqlite', overrides: Overrides = {}, opts: StartOptions = {}): Promise<TestApi> {
  const database: TestDatabase = opts.database ?? (await createTestDatabase(dialect));
  const config = loadConfig({
    files: opts.configFiles ?? [],
    env: {},
    overrides: {
      ...overrides,
      database: { connection: database.url, ...(overrides.database ?? {}) },
      api_settings: { bind_port: 0, default_provider_driver: 'noop_driver', ...(overrides.api_settings ?? {}) },
      // no data plane unless a test asks for one (test/support/amphora-harness.ts)
      controller_worker: {
        compute_driver: 'compute_noop_driver',
        amphora_driver: 'amphora_noop_driver',
        ...(overrides.controller_worker ?? {}),
      },
      certificates: { cert_generator: 'noop_cert_generator', ...(overrides.certificates ?? {}) },
    },
  });
  const log = opts.log ?? createLogger(process.env.OCTAVIA_TEST_LOG_LEVEL ?? 'silent', 'test');
  const runtime = await createRuntime(config, log, {
    migrate: true,
    worker: opts.worker ?? false,
    healthManager: opts.healthManager ?? false,
    ...(opts.hooks ? { hooks: opts.hooks } : {}),
  });
  const services = opts.wrapCerts ? { ...runtime.services, certs: opts.wrapCerts(runtime.services.certs) } : runtime.services;
  const app = await buildApp(services);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

  async function request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse> {
    const init: RequestInit = { method, headers: { ...headers } };
    if (body !== undefined) {
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
    }
    const res = await fetch(url + path, init);
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: res.status, headers: res.headers, text, body: parsed };
  }

  const api: TestApi = {
    url,
    dialect,
    config,
    runtime,
    request,
    get: (path, headers) => request('GET', path, undefined, headers),
    post: (path, body, headers) => request('POST', path, body, headers),
    put: (path, body, headers) => request('PUT', path, body, headers),
    delete: (path, headers) => request('DELETE', path, undefined, headers),
    async waitFor(path, pick, timeoutMs = 10_000, headers) {
      const res = await eventually(`GET ${path}`, () => request('GET', path, undefined, headers), {
        until: (r) => r.status === 200 && pick(r.body),
        timeoutMs,
        intervalMs: 20,
        show: (r) => `${r.status} ${r.text}`,
      });
      return res.body;
    },
    async close() {
      await app.close();
      await runtime.close();
      if (!opts.database) await database.drop();
    },
  };
  return api;
}

// An API + worker running real amphorae: process compute driver (a detached agent + HAProxy per amphora), the
// agent REST driver over mutual TLS, certificates from a local CA, VIPs on the loopback network. The agent runs
// from dist/ (npm test builds it first), as the all-in-one service would run it.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Overrides, startApi, type TestApi } from './api-harness.js';
import { createTestDatabase, type TestDatabase } from './databases.js';
import { ProcessComputeDriver } from '../../src/drivers/compute/process-compute.js';

const AMPHORA_DIR_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const DIST_MAIN = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

export interface AmphoraApi extends TestApi {
  readonly stateDir: string;
  /** the SQLite database this controller runs on; pass it (with stateDir) to a later start to restart the controller */
  readonly database: TestDatabase;
}

export interface AmphoraApiOptions {
  /** reuse this state directory (local CA, heartbeat key, amphorae) instead of a new one */
  readonly stateDir?: string;
  /** reuse this database instead of a new one */
  readonly database?: TestDatabase;
  /**
   * 'remove' (default): close() deletes every amphora, the state directory and the database. 'keep': close() stops
   * only the controller (API, worker, health manager), as a controller that goes down would; amphorae keep serving
   * and state directory and database stay for the next controller. The caller then removes them.
   */
  readonly onClose?: 'remove' | 'keep';
  /**
   * false: no health manager in this controller (an API + worker process of a split deployment): nothing fails an
   * amphora over, so a dead agent stays dead until someone deletes it. Default true.
   */
  readonly healthManager?: boolean;
}

export function amphoraOverrides(stateDir: string): Overrides {
  return {
    DEFAULT: { state_path: stateDir },
    api_settings: { default_provider_driver: 'amphora' },
    controller_worker: { compute_driver: 'process', amphora_driver: 'amphora_haproxy_rest_driver', network_driver: 'loopback' },
    certificates: { cert_generator: 'local_cert_generator' },
    process_compute: { agent_command: `${process.execPath},${DIST_MAIN},amphora-agent` },
    health_manager: { bind_port: 0 },
  };
}

export async function startAmphoraApi(extra: Overrides = {}, opts: AmphoraApiOptions = {}): Promise<AmphoraApi> {
  if (!existsSync(DIST_MAIN)) throw new Error(`${DIST_MAIN} is missing: run npm run build (npm test does)`);
  const stateDir = opts.stateDir ?? mkdtempSync(join(tmpdir(), 'octavia-e2e-'));
  const database = opts.database ?? (await createTestDatabase('sqlite'));
  const base = amphoraOverrides(stateDir);
  const merged: Overrides = { ...base };
  for (const [section, values] of Object.entries(extra)) merged[section] = { ...(merged[section] ?? {}), ...values };
  const api = await startApi('sqlite', merged, { worker: true, healthManager: opts.healthManager ?? true, database });
  const close = api.close.bind(api);
  return Object.assign(api, {
    stateDir,
    database,
    async close() {
      if (opts.onClose === 'keep') return close();
      // amphorae outlive the controller by design: a test removes what it built. The controller stops first: a
      // health manager still scanning while amphorae go down one by one would fail them over and leave the
      // replacements running.
      // What is on disk, not what the database lists, so an amphora built while the worker stopped goes too.
      const compute = api.runtime.drivers.compute;
      await close();
      const root = join(stateDir, 'amphorae');
      const ids = existsSync(root) ? readdirSync(root).filter((name) => AMPHORA_DIR_RE.test(name)) : [];
      if (compute instanceof ProcessComputeDriver) await Promise.all(ids.map((id) => compute.delete(id).catch(() => undefined)));
      await database.drop();
      rmSync(stateDir, { recursive: true, force: true });
    },
  });
}

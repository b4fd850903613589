// An API + worker running real amphorae: process compute driver (a detached agent + HAProxy per amphora), the
// agent REST driver over mutual TLS, certificates from a local CA, VIPs on the loopback network. The agent runs
// from dist/ (npm test builds it first), as the all-in-one service would run it.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Overrides, startApi, type TestApi } from './api-harness.js';
import { ProcessComputeDriver } from '../../src/drivers/compute/process-compute.js';

const DIST_MAIN = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

export interface AmphoraApi extends TestApi {
  readonly stateDir: string;
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

export async function startAmphoraApi(extra: Overrides = {}): Promise<AmphoraApi> {
  if (!existsSync(DIST_MAIN)) throw new Error(`${DIST_MAIN} is missing: run npm run build (npm test does)`);
  const stateDir = mkdtempSync(join(tmpdir(), 'octavia-e2e-'));
  const base = amphoraOverrides(stateDir);
  const merged: Overrides = { ...base };
  for (const [section, values] of Object.entries(extra)) merged[section] = { ...(merged[section] ?? {}), ...values };
  const api = await startApi('sqlite', merged, { worker: true, healthManager: true });
  const close = api.close.bind(api);
  return Object.assign(api, {
    stateDir,
    async close() {
      // amphorae outlive the controller by design: a test removes what it built
      const compute = api.runtime.drivers.compute;
      const amps = await api.runtime.database.db.selectFrom('amphora').select('compute_id').where('compute_id', 'is not', null).execute();
      for (const { compute_id } of amps) if (compute instanceof ProcessComputeDriver) await compute.delete(compute_id as string).catch(() => undefined);
      await close();
      rmSync(stateDir, { recursive: true, force: true });
    },
  });
}

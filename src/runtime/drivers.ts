// Chooses one implementation per driver family from [controller_worker] / [certificates] options.
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import type { OctaviaConfig } from '../config/config.js';
import type { Db } from '../db/connection.js';
import { networkPortStore } from '../db/repositories/network-ports.js';
import { RestAmphoraDriver } from '../drivers/amphora/rest-amphora-driver.js';
import type { AmphoraDriver } from '../drivers/amphora/amphora-driver.js';
import type { CertGenerator } from '../drivers/certificates/cert-generator.js';
import { controllerClientCredentials, LocalCertGenerator } from '../drivers/certificates/local-cert-generator.js';
import type { ComputeDriver } from '../drivers/compute/compute-driver.js';
import { LoopbackNetworkDriver } from '../drivers/network/loopback.js';
import type { NetworkDriver } from '../drivers/network/network-driver.js';
import { NoopAmphoraDriver } from '../drivers/noop/noop-amphora.js';
import { NoopCertGenerator } from '../drivers/noop/noop-cert-generator.js';
import { NoopComputeDriver } from '../drivers/noop/noop-compute.js';
import { NoopNetworkDriver } from '../drivers/noop/noop-network.js';
import { NoopRecorder } from '../drivers/noop/recorder.js';
import { ProcessComputeDriver, type ProcessComputeOptions } from '../drivers/compute/process-compute.js';

export class DriverConfigError extends Error {
  override readonly name = 'DriverConfigError';
}

export interface DriverSet {
  readonly compute: ComputeDriver;
  readonly network: NetworkDriver;
  readonly amphora: AmphoraDriver;
  readonly certs: CertGenerator;
  readonly recorder: NoopRecorder;
}

function pick<T>(option: string, name: string, choices: Record<string, () => T>): T {
  const make = choices[name];
  if (!make) throw new DriverConfigError(`Unknown ${option} '${name}' (available: ${Object.keys(choices).join(', ')})`);
  return make();
}

/** `db` holds what stateful drivers keep (the loopback network's ports); creating the drivers reads nothing from it. */
export function createDrivers(config: OctaviaConfig, log: Logger, db: Db): DriverSet {
  const recorder = new NoopRecorder(config.noop_drivers.calls_file);
  const cw = config.controller_worker;
  return {
    recorder,
    compute: pick<ComputeDriver>('[controller_worker] compute_driver', cw.compute_driver, {
      compute_noop_driver: () => new NoopComputeDriver(recorder),
      process: () => new ProcessComputeDriver(processComputeOptions(config)),
    }),
    network: pick<NetworkDriver>('[controller_worker] network_driver', cw.network_driver, {
      loopback: () => new LoopbackNetworkDriver(networkPortStore(db)),
      network_noop_driver: () => new NoopNetworkDriver(recorder),
    }),
    amphora: pick<AmphoraDriver>('[controller_worker] amphora_driver', cw.amphora_driver, {
      amphora_noop_driver: () => new NoopAmphoraDriver(recorder),
      amphora_haproxy_rest_driver: () => new RestAmphoraDriver(config, () => controllerClientCredentials(config), log),
    }),
    certs: pick<CertGenerator>('[certificates] cert_generator', config.certificates.cert_generator, {
      noop_cert_generator: () => new NoopCertGenerator(recorder),
      local_cert_generator: () => LocalCertGenerator.fromConfig(config),
    }),
  };
}

/** Where this program's own CLI is: the agent is the same executable (`octavia amphora-agent`). */
const DIST_MAIN = fileURLToPath(new URL('../cli/main.js', import.meta.url));

function processComputeOptions(config: OctaviaConfig): ProcessComputeOptions {
  const pc = config.process_compute;
  return {
    baseDir: resolve(pc.base_dir ?? join(config.DEFAULT.state_path, 'amphorae')),
    // run from dist/ this resolves to dist/cli/main.js; run through tsx (tests) to src/cli/main.ts's sibling, so
    // tests name the command explicitly
    agentCommand: pc.agent_command.length > 0 ? pc.agent_command : [process.execPath, DIST_MAIN, 'amphora-agent'],
    agentPort: config.haproxy_amphora.bind_port,
    haproxyCmd: config.haproxy_amphora.haproxy_cmd,
    managementCidr: pc.management_cidr,
  };
}

// The amphora agent: reads its config files, re-adopts the HAProxy processes a previous run left, and serves the
// agent API over mutual TLS and sends heartbeats. It never touches the database and imports only contracts/ and common/.
import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { recordProcesses } from '../common/process-registry.js';
import { agentLayout } from '../contracts/agent-api.js';
import { HeartbeatSender } from './heartbeat/sender.js';
import { haproxyVersion } from './process/haproxy-command.js';
import { LoadBalancers } from './process/load-balancers.js';
import { createRequestHandler } from './server/app.js';
import { Router } from './server/router.js';
import { addAdminRoutes } from './server/routes-admin.js';
import { addCertificateRoutes } from './server/routes-certificates.js';
import { addInfoRoutes } from './server/routes-info.js';
import { addLoadBalancerRoutes } from './server/routes-loadbalancer.js';
import { addPlugRoutes } from './server/routes-plug.js';
import { createAgentTlsServer } from './server/tls-server.js';
import { AgentSettings } from './settings.js';

export interface RunningAgent {
  readonly settings: AgentSettings;
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
}

export async function startAgent(configFiles: readonly string[], log: Logger): Promise<RunningAgent> {
  const settings = await AgentSettings.load(configFiles);
  const config = settings.config;
  await mkdir(config.basePath, { recursive: true, mode: 0o750 });
  // the state directory is the agent's working directory: Unix socket paths under it can then be named relatively
  // when their absolute form exceeds the 107 bytes of a socket address (LoadBalancers.statsSockets)
  process.chdir(config.basePath);
  const registry = agentLayout.processRegistry(config.basePath);
  const record = (processes: readonly { pid: number; role: string }[]) => recordProcesses(registry, processes);
  // itself first: an agent restarted in place (not by the compute driver) is known to the amphora's deleter too
  record([{ pid: process.pid, role: 'agent' }]);
  const lbs = new LoadBalancers(config.basePath, config.haproxyCmd, log, record);
  await lbs.adoptAll();

  let version: Promise<string | null> | null = null;
  const cachedVersion = () => (version ??= haproxyVersion(config.haproxyCmd));

  const router = new Router();
  const tls = await createAgentTlsServer(config, createRequestHandler(router, log));
  addInfoRoutes(router, settings, lbs, cachedVersion);
  addLoadBalancerRoutes(router, lbs);
  addCertificateRoutes(router, lbs);
  addPlugRoutes(router, config.basePath);
  addAdminRoutes(router, settings, tls);

  settings.on('heartbeat', (hb) =>
    log.info({ controllers: hb.controllerIpPortList, interval: hb.intervalSeconds }, 'heartbeat settings updated'),
  );
  const heartbeat = new HeartbeatSender({
    amphoraId: config.amphoraId,
    log,
    current: () => {
      const hb = settings.config.heartbeat;
      return { key: hb.key, destinations: hb.controllerIpPortList, intervalS: hb.intervalSeconds };
    },
    statsSockets: () => lbs.statsSockets(),
  });
  tls.server.on('tlsClientError', (err) => log.debug({ err: err.message }, 'TLS handshake refused'));

  await new Promise<void>((resolve, reject) => {
    tls.server.once('error', reject);
    tls.server.listen(config.bindPort, config.bindHost, () => resolve());
  });
  const address = tls.server.address() as AddressInfo;
  heartbeat.start();
  log.info(
    { amphoraId: config.amphoraId, bindHost: address.address, bindPort: address.port, basePath: config.basePath },
    'amphora agent listening',
  );
  return {
    settings,
    host: address.address,
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        heartbeat.stop();
        tls.server.close(() => resolve());
        tls.server.closeAllConnections();
      }),
  };
}

// PUT /1.0/config (agent configuration) and PUT /1.0/certificate (server certificate rotation, no restart).
import { agentPaths } from '../../contracts/agent-api.js';
import type { AgentSettings } from '../settings.js';
import { json, message } from './reply.js';
import type { Router } from './router.js';

export interface CertificateRotation {
  /** validates the PEM (certificate + key), stores it and swaps the TLS context; throws on an unusable PEM */
  rotate(pem: string): Promise<void>;
}

export function addAdminRoutes(router: Router, settings: AgentSettings, tls: CertificateRotation): void {
  router.add('PUT', agentPaths.config, async ({ body }) => {
    try {
      await settings.update(body.toString('utf8'));
    } catch (err) {
      return message(500, 'Unable to update amphora-agent configuration.', (err as Error).message);
    }
    return json(202, { message: 'OK' });
  });

  router.add('PUT', agentPaths.serverCertificate, async ({ body }) => {
    try {
      await tls.rotate(body.toString('utf8'));
    } catch (err) {
      return message(400, 'Invalid request', (err as Error).message);
    }
    return json(202, { message: 'OK' });
  });
}

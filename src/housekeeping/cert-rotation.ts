// Octavia's CertRotation: amphora server certificates close to expiry are replaced through the agent's certificate
// update (the agent swaps its TLS context in place, so traffic is untouched). An amphora is claimed with a
// conditional update of cert_busy, so two housekeeping processes never rotate one certificate twice.
import type { Logger } from 'pino';
import { nowTimestamp, secondsAgo } from '../common/time.js';
import type { Db } from '../db/connection.js';
import type { AmphoraDriver } from '../drivers/amphora/amphora-driver.js';
import type { CertGenerator } from '../drivers/certificates/cert-generator.js';

export interface RotationDeps {
  readonly db: Db;
  readonly certs: CertGenerator;
  readonly amphora: AmphoraDriver;
  readonly log: Logger;
  /** [certificates] cert_validity_time */
  readonly validityS: number;
  /** [house_keeping] cert_expiry_buffer */
  readonly expiryBufferS: number;
}

/** Rotates every due certificate; returns the ids of the amphorae rotated. */
export async function rotateExpiringCertificates(deps: RotationDeps, now: Date = new Date()): Promise<string[]> {
  const { db } = deps;
  // cert_expiration earlier than now + buffer, written as "seconds ago" of a negative age
  const dueBefore = secondsAgo(-deps.expiryBufferS, now);
  const due = await db
    .selectFrom('amphora')
    .select(['id', 'lb_network_ip', 'compute_id'])
    .where('status', '=', 'ALLOCATED')
    .where('cert_busy', '=', 0)
    .where('cert_expiration', '<', dueBefore)
    .execute();
  const rotated: string[] = [];
  for (const amp of due) {
    const claim = await db.updateTable('amphora').set({ cert_busy: 1 }).where('id', '=', amp.id).where('cert_busy', '=', 0).executeTakeFirst();
    if (Number(claim.numUpdatedRows) !== 1) continue;
    try {
      const cert = await deps.certs.issueAmphoraCert(amp.id, deps.validityS);
      await deps.amphora.uploadServerCert({ id: amp.id, lbNetworkIp: amp.lb_network_ip ?? '', computeId: amp.compute_id }, `${cert.certPem}${cert.keyPem}`);
      await db.updateTable('amphora').set({ cert_expiration: cert.expiresAt, updated_at: nowTimestamp() }).where('id', '=', amp.id).execute();
      rotated.push(amp.id);
      deps.log.info({ amphora_id: amp.id, expires_at: cert.expiresAt }, 'amphora certificate rotated');
    } catch (err) {
      // left as it was: the next pass retries
      deps.log.error({ err, amphora_id: amp.id }, 'amphora certificate rotation failed');
    } finally {
      await db.updateTable('amphora').set({ cert_busy: 0 }).where('id', '=', amp.id).execute();
    }
  }
  return rotated;
}

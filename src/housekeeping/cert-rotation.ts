// Octavia's CertRotation: amphora server certificates close to expiry are replaced through the agent's certificate
// update (the agent swaps its TLS context in place, so traffic is untouched). An amphora is claimed with a
// conditional update of cert_busy, so two housekeeping processes never rotate one certificate twice; the claim
// records its time (cert_busy_since), so one left by a process that died mid-rotation expires and is taken over.
import type { Logger } from 'pino';
import { nowTimestamp, secondsAgo } from '../common/time.js';
import type { Db } from '../db/connection.js';
import { amphoraeDueForCertRotation, claimCertRotation, releaseCertRotation } from '../db/repositories/amphorae.js';
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
  /** [house_keeping] cert_claim_timeout: an older claim was left by a rotation that died, and is taken over */
  readonly claimTimeoutS: number;
}

/** Rotates every due certificate; returns the ids of the amphorae rotated. `now` may be moved (tests). */
export async function rotateExpiringCertificates(deps: RotationDeps, now: Date = new Date()): Promise<string[]> {
  const { db } = deps;
  // the pass's clock: `now`, advancing in real time (a claim records when it was made, not when the pass began)
  const started = Date.now();
  const clock = () => new Date(now.getTime() + (Date.now() - started));
  const staleBefore = () => secondsAgo(deps.claimTimeoutS, clock());
  // cert_expiration earlier than now + buffer, written as "seconds ago" of a negative age
  const dueBefore = secondsAgo(-deps.expiryBufferS, now);
  const due = await amphoraeDueForCertRotation(db, dueBefore, staleBefore());
  const rotated: string[] = [];
  for (const amp of due) {
    const claimedAt = nowTimestamp(clock());
    if (!(await claimCertRotation(db, amp.id, claimedAt, dueBefore, staleBefore()))) continue;
    let expiresAt: string | null = null;
    try {
      const cert = await deps.certs.issueAmphoraCert(amp.id, deps.validityS);
      await deps.amphora.uploadServerCert(
        { id: amp.id, lbNetworkIp: amp.lb_network_ip ?? '', computeId: amp.compute_id },
        `${cert.certPem}${cert.keyPem}`,
      );
      expiresAt = cert.expiresAt;
    } catch (err) {
      // left as it was: the next pass retries
      deps.log.error({ err, amphora_id: amp.id }, 'amphora certificate rotation failed');
    }
    if (!(await releaseCertRotation(db, amp.id, claimedAt, expiresAt))) {
      deps.log.warn(
        { amphora_id: amp.id },
        'certificate rotation claim was taken over (it outlived cert_claim_timeout); the newer rotation records the certificate',
      );
      continue;
    }
    if (expiresAt) {
      rotated.push(amp.id);
      deps.log.info({ amphora_id: amp.id, expires_at: expiresAt }, 'amphora certificate rotated');
    }
  }
  return rotated;
}

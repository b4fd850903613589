// TLS option checks shared by listeners and pools (Octavia's common/validate.py and base controller).
import { ApiFault, validationFailure } from '../../../common/faults.js';
import { ALPN_PROTOCOLS, TLS_VERSIONS } from '../../../common/constants.js';
import { crlSignedBy, parseCertificate, parseCrl } from '../../../common/x509.js';
import type { ApiServices } from '../../services.js';

const VALID_CIPHER_RE = /^[A-Za-z0-9\-+!:@=_.]+$/;

export function checkCiphers(services: ApiServices, ciphers: string | null | undefined): void {
  if (!ciphers) return;
  if (!VALID_CIPHER_RE.test(ciphers)) {
    throw validationFailure('Invalid characters in cipher string. Only alphanumeric, -, +, !, :, @, =, _, and . are allowed.');
  }
  const prohibited = services.config.api_settings.tls_cipher_prohibit_list.split(':');
  const rejected = ciphers.split(':').filter((c) => prohibited.includes(c));
  if (rejected.length > 0) {
    throw validationFailure(`The following ciphers have been prohibited by an administrator: ${rejected.join(', ')}`);
  }
}

export function checkTlsVersions(services: ApiServices, versions: string[] | null | undefined): void {
  if (versions === undefined || versions === null) return;
  if (versions.length === 0) {
    throw validationFailure('Empty TLS version list. Either specify at least one TLS version or remove this parameter to use the default.');
  }
  const all: readonly string[] = TLS_VERSIONS;
  const invalid = versions.filter((v) => !all.includes(v));
  if (invalid.length > 0) throw validationFailure(`Invalid TLS versions: ${invalid.join(', ')}`);
  const minimum = services.config.api_settings.minimum_tls_version;
  if (!minimum) return;
  const rejected = versions.filter((v) => all.indexOf(v) < all.indexOf(minimum));
  if (rejected.length > 0) {
    throw validationFailure(`Requested TLS versions are less than the minimum: ${rejected.join(', ')} < ${minimum}`);
  }
}

export function checkAlpnProtocols(protocols: string[] | null | undefined): void {
  if (protocols === undefined || protocols === null) return;
  if (protocols.length === 0) {
    throw validationFailure(
      'Empty ALPN protocol list. Either specify at least one ALPN protocol or remove this parameter to use the default.',
    );
  }
  const all: readonly string[] = ALPN_PROTOCOLS;
  const invalid = protocols.filter((p) => !all.includes(p));
  if (invalid.length > 0) throw validationFailure(`Invalid ALPN protocol: ${invalid.join(', ')}`);
}

/** Certificate references must be readable now (Octavia fetches them at request time). */
export async function checkTlsRefs(services: ApiServices, refs: readonly string[]): Promise<void> {
  const bad: string[] = [];
  for (const ref of refs) {
    try {
      await services.certs.getCertificate(ref);
    } catch {
      bad.push(ref);
    }
  }
  if (bad.length > 0) throw new ApiFault(400, `Could not retrieve certificate: [${bad.map((r) => `'${r}'`).join(', ')}]`);
}

/** A client/member CA (and optional CRL) must be readable and parse as PEM. */
export async function checkCaAndCrl(services: ApiServices, caRef: string, crlRef: string | null): Promise<void> {
  const bad: string[] = [];
  let ca = '';
  try {
    ca = await services.certs.getSecret(caRef);
  } catch {
    bad.push(caRef);
  }
  let crl: string | null = null;
  if (crlRef) {
    try {
      crl = await services.certs.getSecret(crlRef);
    } catch {
      bad.push(crlRef);
    }
  }
  if (bad.length > 0) throw new ApiFault(400, `Could not retrieve certificate: [${bad.map((r) => `'${r}'`).join(', ')}]`);
  try {
    parseCertificate(ca);
  } catch (err) {
    throw validationFailure(
      `The client authentication CA certificate is invalid. It must be a valid x509 PEM format certificate. Error: ${errorText(err)}`,
    );
  }
  if (crl === null) return;
  try {
    parseCrl(crl);
  } catch (err) {
    throw validationFailure(
      `The client authentication certificate revocation list is invalid. It must be a valid x509 PEM format certificate revocation ` +
        `list. Error: ${errorText(err)}`,
    );
  }
  if (!(await crlSignedBy(crl, ca))) {
    throw validationFailure('The CRL specified is not valid for client certificate authority reference supplied.');
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

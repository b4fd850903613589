// [certificates] cert_generator = local_cert_generator: amphora server certificates and the controller's client
// certificate, signed by the local CA. Octavia keeps two CAs (server_ca signs amphorae, client_ca signs the
// controller); one CA may play both roles here, but the two stay separate parameters so that they can differ.
import { nowTimestamp } from '../../common/time.js';
import type { OctaviaConfig } from '../../config/config.js';
import type { CertGenerator, IssuedCertificate } from './cert-generator.js';
import type { LocalCa } from './local-ca.js';
import { openLocalCa } from './local-ca-store.js';

export const CONTROLLER_CLIENT_CN = 'octavia-controller';

export interface CaPair {
  /** signs amphora server certificates; the controller trusts it when it connects to agents */
  readonly serverCa: LocalCa;
  /** signs the controller's client certificate; agents trust it (their agent_server_ca) */
  readonly clientCa: LocalCa;
}

export class LocalCertGenerator implements CertGenerator {
  readonly name = 'local_cert_generator';

  constructor(private readonly cas: () => Promise<CaPair>) {}

  static fromConfig(config: OctaviaConfig): LocalCertGenerator {
    return new LocalCertGenerator(async () => {
      const ca = await openLocalCa(config);
      return { serverCa: ca, clientCa: ca };
    });
  }

  /** `managementIp` (optional, not part of the CertGenerator interface) adds an IP SAN. */
  async issueAmphoraCert(amphoraId: string, validitySeconds: number, managementIp?: string | null): Promise<IssuedCertificate> {
    const { serverCa } = await this.cas();
    const issued = await serverCa.issueServerCert({ amphoraId, ip: managementIp ?? null, validitySeconds });
    return { certPem: issued.certPem, keyPem: issued.keyPem, expiresAt: nowTimestamp(issued.notAfter) };
  }

  async clientCaPem(): Promise<string> {
    return (await this.cas()).clientCa.certPem;
  }
}

export interface ControllerClientCredentials {
  readonly certPem: string;
  readonly keyPem: string;
  /** CA the controller verifies amphora server certificates against */
  readonly caPem: string;
}

interface CachedCredentials {
  readonly credentials: Promise<ControllerClientCredentials>;
  readonly renewAfter: number;
}

const credentialCache = new Map<string, CachedCredentials>();

function cacheKey(config: OctaviaConfig): string {
  const c = config.certificates;
  return JSON.stringify([config.DEFAULT.state_path, c.ca_certificate, c.ca_private_key, c.cert_validity_time]);
}

/**
 * The controller's client certificate for the agent API (mutual TLS), issued once per process by the client CA and
 * re-issued when half of its validity has passed, so that a long-running controller never presents an expired one.
 */
export function controllerClientCredentials(config: OctaviaConfig): Promise<ControllerClientCredentials> {
  const key = cacheKey(config);
  const cached = credentialCache.get(key);
  if (cached && Date.now() < cached.renewAfter) return cached.credentials;
  const validitySeconds = config.certificates.cert_validity_time;
  const credentials = (async () => {
    const ca = await openLocalCa(config);
    const issued = await ca.issueClientCert({ commonName: CONTROLLER_CLIENT_CN, validitySeconds });
    return { certPem: issued.certPem, keyPem: issued.keyPem, caPem: ca.certPem };
  })();
  credentialCache.set(key, { credentials, renewAfter: Date.now() + (validitySeconds * 1000) / 2 });
  credentials.catch(() => credentialCache.delete(key));
  return credentials;
}

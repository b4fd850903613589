// cert_generator noop: placeholder PEMs (no cryptography) for flows that run without real amphorae.
import { nowTimestamp } from '../../common/time.js';
import type { CertGenerator, IssuedCertificate } from '../certificates/cert-generator.js';
import type { NoopRecorder } from './recorder.js';

export class NoopCertGenerator implements CertGenerator {
  readonly name = 'noop_cert_generator';

  constructor(private readonly recorder: NoopRecorder) {}

  async issueAmphoraCert(amphoraId: string, validitySeconds: number): Promise<IssuedCertificate> {
    this.recorder.record('certificates', 'issue', amphoraId);
    return {
      certPem: `-----BEGIN CERTIFICATE-----\nnoop ${amphoraId}\n-----END CERTIFICATE-----\n`,
      keyPem: `-----BEGIN PRIVATE KEY-----\nnoop ${amphoraId}\n-----END PRIVATE KEY-----\n`,
      expiresAt: nowTimestamp(new Date(Date.now() + validitySeconds * 1000)),
    };
  }

  async clientCaPem(): Promise<string> {
    return '-----BEGIN CERTIFICATE-----\nnoop ca\n-----END CERTIFICATE-----\n';
  }
}

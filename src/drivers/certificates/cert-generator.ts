// Issues the per-amphora server certificates the agents present (Octavia's local_cert_generator role).

export interface IssuedCertificate {
  readonly certPem: string;
  readonly keyPem: string;
  /** ISO timestamp (common/time format) */
  readonly expiresAt: string;
}

export interface CertGenerator {
  readonly name: string;
  issueAmphoraCert(amphoraId: string, validitySeconds: number): Promise<IssuedCertificate>;
  /** the CA certificate agents use to verify controller clients */
  clientCaPem(): Promise<string>;
}

// Where TLS containers referenced by listeners and pools (default_tls_container_ref, client CA, CRL) are read from.
// Octavia's default is Barbican; the embedded default reads PEM files from a local store.

export interface TlsBundle {
  certificate: string;
  privateKey: string | null;
  intermediates: string[];
}

export interface CertManager {
  readonly name: string;
  /** a certificate with its key (listener/pool certificates); throws when unreadable */
  getCertificate(ref: string): Promise<TlsBundle>;
  /** a raw PEM secret (client CA, CRL); throws when unreadable */
  getSecret(ref: string): Promise<string>;
}

// One place that initialises @peculiar/x509: it needs reflect-metadata loaded first and a WebCrypto provider.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

export { x509 };

/** Whether the PEM CRL carries a valid signature by the PEM CA certificate's key. Throws when either does not parse. */
export async function crlSignedBy(crlPem: string, caPem: string): Promise<boolean> {
  const ca = new x509.X509Certificate(caPem);
  const crl = new x509.X509Crl(crlPem);
  return crl.verify({ publicKey: ca.publicKey });
}

export function parseCertificate(pem: string): x509.X509Certificate {
  return new x509.X509Certificate(pem);
}

export function parseCrl(pem: string): x509.X509Crl {
  return new x509.X509Crl(pem);
}

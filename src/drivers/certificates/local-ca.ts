// A certificate authority kept on local disk: it signs amphora server certificates and the controller's client
// certificate (Octavia's local_cert_generator with [certificates] ca_certificate / ca_private_key).
import { createPrivateKey, createPublicKey, randomBytes, webcrypto, type KeyObject } from 'node:crypto';

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;
import { isIP } from 'node:net';
import { x509 } from '../../common/x509.js';

export interface CaMaterial {
  readonly certPem: string;
  readonly keyPem: string;
}

export interface IssuedPair {
  readonly certPem: string;
  readonly keyPem: string;
  readonly notAfter: Date;
}

export interface ServerCertRequest {
  /** becomes the CN and a DNS SAN: the controller checks the server name against the amphora id (Octavia) */
  readonly amphoraId: string;
  /** management address, added as an IP SAN when given */
  readonly ip?: string | null;
  readonly validitySeconds: number;
}

export interface ClientCertRequest {
  readonly commonName: string;
  readonly validitySeconds: number;
}

const EC_P256 = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
/** Certificates start a little in the past so that a peer whose clock lags slightly still accepts them. */
const BACKDATE_MS = 5 * 60 * 1000;
const SAFE_COMMON_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

function signingAlgorithmOf(key: KeyObject): webcrypto.RsaHashedImportParams | webcrypto.EcKeyImportParams {
  if (key.asymmetricKeyType === 'rsa') return { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  if (key.asymmetricKeyType === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    const named = curve === 'prime256v1' ? 'P-256' : curve === 'secp384r1' ? 'P-384' : curve === 'secp521r1' ? 'P-521' : null;
    if (named) return { name: 'ECDSA', namedCurve: named };
  }
  throw new Error(`unsupported CA key type ${key.asymmetricKeyType ?? 'unknown'} (RSA or ECDSA P-256/384/521 expected)`);
}

function keyPem(der: ArrayBuffer): string {
  return x509.PemConverter.encode(der, 'PRIVATE KEY');
}

function randomSerial(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] as number) & 0x7f; // positive INTEGER
  return bytes.toString('hex');
}

function validity(seconds: number): { notBefore: Date; notAfter: Date } {
  if (!Number.isInteger(seconds) || seconds <= 0) throw new Error(`invalid certificate validity ${seconds}`);
  // whole seconds: X.509 times carry no fractions, and the expiry reported to callers must equal the certificate's
  const now = Math.floor(Date.now() / 1000) * 1000;
  return { notBefore: new Date(now - BACKDATE_MS), notAfter: new Date(now + seconds * 1000) };
}

async function newLeafKeys(): Promise<CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(EC_P256, true, ['sign', 'verify'])) as CryptoKeyPair;
}

export class LocalCa {
  private constructor(
    readonly certPem: string,
    private readonly cert: x509.X509Certificate,
    private readonly signingKey: CryptoKey,
    private readonly signingAlgorithm: webcrypto.Algorithm,
  ) {}

  /** Loads a CA from PEM text; the key may be PKCS#8 or PKCS#1/SEC1, optionally encrypted with `passphrase`. */
  static async fromPem(material: CaMaterial, passphrase: string | null = null): Promise<LocalCa> {
    const cert = new x509.X509Certificate(material.certPem);
    const keyObject = createPrivateKey(passphrase ? { key: material.keyPem, passphrase } : material.keyPem);
    const certSpki = createPublicKey(material.certPem).export({ type: 'spki', format: 'der' });
    const keySpki = createPublicKey(keyObject).export({ type: 'spki', format: 'der' });
    if (!certSpki.equals(keySpki)) throw new Error('the CA private key does not belong to the CA certificate');
    const basic = cert.getExtension(x509.BasicConstraintsExtension);
    if (!basic?.ca) throw new Error('the CA certificate lacks basicConstraints CA:TRUE');
    const algorithm = signingAlgorithmOf(keyObject);
    const der = keyObject.export({ type: 'pkcs8', format: 'der' });
    const signingKey = await webcrypto.subtle.importKey('pkcs8', der, algorithm, false, ['sign']);
    const signingAlgorithm = { ...algorithm, hash: 'SHA-256' };
    return new LocalCa(`${cert.toString('pem')}\n`, cert, signingKey as CryptoKey, signingAlgorithm);
  }

  /** A new self-signed ECDSA P-256 CA. */
  static async generate(commonName: string, validitySeconds: number): Promise<CaMaterial> {
    const keys = (await webcrypto.subtle.generateKey(EC_P256, true, ['sign', 'verify'])) as CryptoKeyPair;
    const cert = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: randomSerial(),
      name: `CN=${commonName}`,
      ...validity(validitySeconds),
      keys,
      signingAlgorithm: EC_P256,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      ],
    });
    const der = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
    return { certPem: `${cert.toString('pem')}\n`, keyPem: `${keyPem(der)}\n` };
  }

  get subject(): string {
    return this.cert.subject;
  }

  get notAfter(): Date {
    return this.cert.notAfter;
  }

  /** The amphora agent's server certificate (serverAuth). */
  async issueServerCert(req: ServerCertRequest): Promise<IssuedPair> {
    if (!SAFE_COMMON_NAME.test(req.amphoraId)) throw new Error(`invalid amphora id for a certificate: ${req.amphoraId}`);
    const names: x509.JsonGeneralName[] = [{ type: 'dns', value: req.amphoraId }];
    if (req.ip) {
      if (isIP(req.ip) === 0) throw new Error(`invalid management address ${req.ip}`);
      names.push({ type: 'ip', value: req.ip });
    }
    return this.issue(req.amphoraId, req.validitySeconds, x509.ExtendedKeyUsage.serverAuth, names);
  }

  /** A client certificate (clientAuth), e.g. the controller's, which agents verify against this CA. */
  async issueClientCert(req: ClientCertRequest): Promise<IssuedPair> {
    if (!SAFE_COMMON_NAME.test(req.commonName)) throw new Error(`invalid common name ${req.commonName}`);
    return this.issue(req.commonName, req.validitySeconds, x509.ExtendedKeyUsage.clientAuth, []);
  }

  private async issue(
    commonName: string,
    validitySeconds: number,
    usage: x509.ExtendedKeyUsage,
    names: x509.JsonGeneralName[],
  ): Promise<IssuedPair> {
    const keys = await newLeafKeys();
    const period = validity(validitySeconds);
    // never outlive the CA: peers would reject the chain anyway, and the expiry we report must be the real one
    // biome-ignore lint/complexity/useMathMinMax: Dates, not numbers (Math.min would return a number)
    const notAfter = period.notAfter > this.cert.notAfter ? this.cert.notAfter : period.notAfter;
    const extensions: x509.Extension[] = [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyAgreement, true),
      new x509.ExtendedKeyUsageExtension([usage], false),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(this.cert.publicKey),
    ];
    if (names.length > 0) extensions.push(new x509.SubjectAlternativeNameExtension(names, false));
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: randomSerial(),
      subject: `CN=${commonName}`,
      issuer: this.cert.subject,
      notBefore: period.notBefore,
      notAfter,
      publicKey: keys.publicKey,
      signingKey: this.signingKey,
      signingAlgorithm: this.signingAlgorithm,
      extensions,
    });
    const der = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
    return { certPem: `${cert.toString('pem')}\n`, keyPem: `${keyPem(der)}\n`, notAfter };
  }
}

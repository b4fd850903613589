// Certificate references are read before the write transaction starts: a certificate store read (a file, later a
// Barbican call) must never run while the transaction holds locks (on SQLite, the one write lock of every process).
// The checks stay where Octavia makes them, so their order and messages are unchanged; inside the transaction they
// read what was fetched here instead of the store.
import type { CertManager, TlsBundle } from '../../../drivers/certificates/cert-manager.js';

/** What a request will look up: bundles (certificate + key) and raw secrets (CA, CRL). */
export interface TlsRefs {
  readonly certificates: readonly string[];
  readonly secrets: readonly string[];
}

interface ListenerTlsFields {
  default_tls_container_ref?: string | null | undefined;
  sni_container_refs?: string[] | null | undefined;
  client_ca_tls_container_ref?: string | null | undefined;
  client_crl_container_ref?: string | null | undefined;
}

interface PoolTlsFields {
  tls_container_ref?: string | null | undefined;
  ca_tls_container_ref?: string | null | undefined;
  crl_container_ref?: string | null | undefined;
}

const present = (refs: (string | null | undefined)[]): string[] => refs.filter((r): r is string => Boolean(r));

export function listenerTlsRefs(l: ListenerTlsFields): TlsRefs {
  return {
    certificates: present([...(l.sni_container_refs ?? []), l.default_tls_container_ref]),
    secrets: present([l.client_ca_tls_container_ref, l.client_crl_container_ref]),
  };
}

export function poolTlsRefs(p: PoolTlsFields): TlsRefs {
  return { certificates: present([p.tls_container_ref]), secrets: present([p.ca_tls_container_ref, p.crl_container_ref]) };
}

export function mergeTlsRefs(all: readonly TlsRefs[]): TlsRefs {
  return { certificates: all.flatMap((r) => r.certificates), secrets: all.flatMap((r) => r.secrets) };
}

type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

async function settle<T>(fetch: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await fetch() };
  } catch (error) {
    return { ok: false, error };
  }
}

function replay<T>(outcomes: Map<string, Outcome<T>>, ref: string): Promise<T> {
  const outcome = outcomes.get(ref);
  // a programming error (a check reads a reference its request's pre-pass did not name), never a store answer
  if (!outcome) return Promise.reject(new Error('certificate reference read inside the transaction without a pre-fetch'));
  return outcome.ok ? Promise.resolve(outcome.value) : Promise.reject(outcome.error);
}

/**
 * Reads every reference once, now, and returns a CertManager that answers from those results only (failures
 * included, so a check fails exactly where it would have). Never throws for an unreadable reference.
 */
export async function prefetchCertificates(certs: CertManager, refs: TlsRefs): Promise<CertManager> {
  const bundles = new Map<string, Outcome<TlsBundle>>();
  const secrets = new Map<string, Outcome<string>>();
  for (const ref of new Set(refs.certificates)) bundles.set(ref, await settle(() => certs.getCertificate(ref)));
  for (const ref of new Set(refs.secrets)) secrets.set(ref, await settle(() => certs.getSecret(ref)));
  return {
    name: certs.name,
    getCertificate: (ref) => replay(bundles, ref),
    getSecret: (ref) => replay(secrets, ref),
  };
}

// Pool create/update validation (Octavia's PoolsController) and defaults.
import { LVS_PROTOCOLS } from '../../../common/constants.js';
import { validationFailure } from '../../../common/faults.js';
import { newId } from '../../../common/ids.js';
import type { Pool, SessionPersistence } from '../../../db/models.js';
import type { NewPool } from '../../../db/repositories/pools.js';
import type { ApiServices } from '../../services.js';
import { adminState } from '../common/body.js';
import { checkAlpnProtocols, checkCaAndCrl, checkCiphers, checkTlsRefs, checkTlsVersions } from '../common/tls.js';
import type { PoolPut, PoolSingleCreate, SessionPersistenceInput } from './schema.js';

type PoolInput = Omit<PoolSingleCreate, 'healthmonitor' | 'members'>;

const BAD_COOKIE_CHARS = /[\x00-\x20\x22\x28-\x29\x2c\x2f\x3a-\x40\x5b-\x5d\x7b\x7d\x7f]/;

/**
 * UDP/SCTP pools take only SOURCE_IP persistence; the others never take timeout/granularity. Octavia's PUT names only
 * UDP in that last message, so `onUpdate` keeps its wording.
 */
export function validatePersistenceForProtocol(protocol: string, sp: SessionPersistenceInput | null | undefined, onUpdate = false): void {
  if (!sp) return;
  if (LVS_PROTOCOLS.includes(protocol)) {
    if (sp.type === 'SOURCE_IP' && sp.cookie_name) {
      throw validationFailure(
        'session_persistence SOURCE_IP type for UDP and SCTP protocols only accepts: type, persistence_timeout, persistence_granularity.',
      );
    }
    if (sp.cookie_name) throw validationFailure('Cookie names are not supported for UDP/SCTP pools.');
    if (sp.type === 'HTTP_COOKIE' || sp.type === 'APP_COOKIE') {
      throw validationFailure(`Session persistence of type ${sp.type} is not supported for UDP/SCTP protocol pools.`);
    }
  } else if (sp.persistence_timeout || sp.persistence_granularity) {
    const protocols = onUpdate ? 'UDP' : 'UDP and SCTP';
    throw validationFailure(`persistence_timeout and persistence_granularity is only for ${protocols} protocol pools.`);
  }
  checkSessionPersistence(sp);
}

export function checkSessionPersistence(sp: SessionPersistenceInput): void {
  if (sp.cookie_name) {
    if (sp.type !== 'APP_COOKIE') {
      throw validationFailure('Field "cookie_name" can only be specified with session persistence of type "APP_COOKIE".');
    }
    if (BAD_COOKIE_CHARS.test(sp.cookie_name)) throw validationFailure('Supplied "cookie_name" is invalid.');
  }
  if (sp.type === 'APP_COOKIE' && !sp.cookie_name) {
    throw validationFailure('Field "cookie_name" must be specified when using the "APP_COOKIE" session persistence type.');
  }
}

function persistenceFrom(sp: SessionPersistenceInput | null | undefined): SessionPersistence | null {
  if (!sp?.type) return null;
  return {
    type: sp.type,
    cookie_name: sp.cookie_name ?? null,
    persistence_timeout: sp.persistence_timeout ?? null,
    persistence_granularity: sp.persistence_granularity ?? null,
  };
}

async function checkPoolTls(
  services: ApiServices,
  p: {
    tls_container_ref?: string | null;
    ca_tls_container_ref?: string | null;
    crl_container_ref?: string | null;
    tls_ciphers?: string | null;
  },
): Promise<void> {
  if (p.crl_container_ref && !p.ca_tls_container_ref) {
    throw validationFailure('A CA certificate reference is required to specify a revocation list.');
  }
  if (p.tls_container_ref) await checkTlsRefs(services, [p.tls_container_ref]);
  if (p.ca_tls_container_ref) await checkCaAndCrl(services, p.ca_tls_container_ref, p.crl_container_ref ?? null);
  checkCiphers(services, p.tls_ciphers);
}

export async function preparePool(
  services: ApiServices,
  input: PoolInput,
  lb: { id: string; project_id: string | null },
): Promise<NewPool> {
  const protocol = input.protocol as string;
  validatePersistenceForProtocol(protocol, input.session_persistence);
  await checkPoolTls(services, input);
  const tlsEnabled = Boolean(input.tls_enabled);
  const a = services.config.api_settings;
  const versions = input.tls_versions ?? (tlsEnabled ? [...a.default_pool_tls_versions] : null);
  const alpn = input.alpn_protocols ?? (tlsEnabled ? [...a.default_pool_alpn_protocols] : null);
  if (tlsEnabled) {
    checkTlsVersions(services, versions);
    checkAlpnProtocols(alpn);
  }
  return {
    id: newId(),
    project_id: lb.project_id,
    name: input.name ?? null,
    description: input.description ?? null,
    protocol,
    lb_algorithm: input.lb_algorithm as string,
    enabled: adminState(input.admin_state_up),
    load_balancer_id: lb.id,
    tls_certificate_id: input.tls_container_ref ?? null,
    ca_tls_certificate_id: input.ca_tls_container_ref ?? null,
    crl_container_id: input.crl_container_ref ?? null,
    tls_enabled: tlsEnabled,
    tls_ciphers: input.tls_ciphers ?? (tlsEnabled ? a.default_pool_ciphers : null),
    tls_versions: versions,
    alpn_protocols: alpn,
    session_persistence: persistenceFrom(input.session_persistence),
    tags: input.tags ?? [],
  };
}

export async function preparePoolUpdate(services: ApiServices, input: PoolPut, current: Pool): Promise<Partial<NewPool>> {
  const given = (k: keyof PoolPut) => Object.hasOwn(input, k);
  const a = services.config.api_settings;
  let sp = input.session_persistence;
  if (sp && !sp.type && current.session_persistence)
    sp = { ...sp, type: current.session_persistence.type as SessionPersistenceInput['type'] };
  validatePersistenceForProtocol(current.protocol, sp, true);

  const crlRef = input.crl_container_ref || (!given('crl_container_ref') ? current.crl_container_id : null);
  let caRef: string | null = null;
  if (given('ca_tls_container_ref')) {
    if (!input.ca_tls_container_ref && current.ca_tls_certificate_id && crlRef) {
      throw validationFailure('A CA reference cannot be removed when a certificate revocation list is present.');
    }
    if (!input.ca_tls_container_ref && !current.ca_tls_certificate_id && crlRef) {
      throw validationFailure('A CA reference is required to specify a certificate revocation list.');
    }
    caRef = input.ca_tls_container_ref ?? null;
  } else if (current.ca_tls_certificate_id) {
    caRef = current.ca_tls_certificate_id;
  } else if (crlRef) {
    throw validationFailure('A CA reference is required to specify a certificate revocation list.');
  }
  if (input.tls_container_ref) await checkTlsRefs(services, [input.tls_container_ref]);
  if (caRef && (input.ca_tls_container_ref || input.crl_container_ref)) await checkCaAndCrl(services, caRef, crlRef ?? null);
  checkCiphers(services, input.tls_ciphers);
  if (given('tls_versions') && input.tls_versions !== null) checkTlsVersions(services, input.tls_versions);
  if (given('alpn_protocols') && input.alpn_protocols !== null) checkAlpnProtocols(input.alpn_protocols);

  const changes: Partial<NewPool> = {};
  if (given('name')) changes.name = input.name ?? null;
  if (given('description')) changes.description = input.description ?? null;
  if (given('admin_state_up')) changes.enabled = Boolean(input.admin_state_up);
  if (given('lb_algorithm') && input.lb_algorithm) changes.lb_algorithm = input.lb_algorithm;
  if (given('session_persistence')) changes.session_persistence = persistenceFrom(sp);
  if (given('tags')) changes.tags = input.tags ?? [];
  if (given('tls_container_ref')) changes.tls_certificate_id = input.tls_container_ref ?? null;
  if (given('ca_tls_container_ref')) changes.ca_tls_certificate_id = input.ca_tls_container_ref ?? null;
  if (given('crl_container_ref')) changes.crl_container_id = input.crl_container_ref ?? null;
  if (given('tls_enabled')) changes.tls_enabled = Boolean(input.tls_enabled);
  if (given('tls_ciphers')) changes.tls_ciphers = input.tls_ciphers ?? a.default_pool_ciphers;
  if (given('tls_versions')) changes.tls_versions = input.tls_versions ?? [...a.default_pool_tls_versions];
  if (given('alpn_protocols')) changes.alpn_protocols = input.alpn_protocols ?? [...a.default_pool_alpn_protocols];
  return changes;
}

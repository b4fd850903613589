// Listener create/update validation (Octavia's _validate_create_listener / _validate_listener_PUT) and defaults.
import { isIP } from 'node:net';
import {
  HTTP_HEADER_INSERTS,
  LISTENER_POOL_PROTOCOLS,
  type ListenerProtocol,
  SSL_HEADER_INSERTS,
  transportOf,
} from '../../../common/constants.js';
import { ApiFault, disabledOption, invalidOption, notFound, validationFailure } from '../../../common/faults.js';
import { newId } from '../../../common/ids.js';
import type { Db } from '../../../db/connection.js';
import type { Listener, LoadBalancer } from '../../../db/models.js';
import { findListenerOnPort, type NewListener } from '../../../db/repositories/listeners.js';
import { getPoolProtocol } from '../../../db/repositories/pools.js';
import type { ApiServices } from '../../services.js';
import { adminState, orDefault } from '../common/body.js';
import { checkAlpnProtocols, checkCaAndCrl, checkCiphers, checkTlsRefs, checkTlsVersions } from '../common/tls.js';
import type { ListenerPut, ListenerSingleCreate } from './schema.js';

type ListenerInput = Omit<ListenerSingleCreate, 'default_pool' | 'l7policies'>;

const HEADER_PROTOCOLS = ['HTTP', 'TERMINATED_HTTPS'];

export function validatePoolProtocol(listenerProtocol: string, poolProtocol: string): void {
  const allowed: readonly string[] = LISTENER_POOL_PROTOCOLS[listenerProtocol as ListenerProtocol] ?? [];
  if (!allowed.includes(poolProtocol)) {
    throw validationFailure(`The pool protocol '${poolProtocol}' is invalid while the listener protocol is '${listenerProtocol}'.`);
  }
}

export function noChildren(protocol: string): ApiFault {
  return new ApiFault(400, `Protocol ${protocol} listeners cannot have child objects.`);
}

/** A listener's default pool must be a pool of the same load balancer with a compatible protocol. */
export async function checkDefaultPool(db: Db, lbId: string, poolId: string, listenerProtocol: string): Promise<void> {
  if (listenerProtocol === 'PROMETHEUS') throw noChildren('PROMETHEUS');
  const pool = await getPoolProtocol(db, poolId);
  if (!pool || pool.load_balancer_id !== lbId) throw notFound('Pool', poolId);
  validatePoolProtocol(listenerProtocol, pool.protocol);
}

function pyList(values: readonly string[]): string {
  return `[${values.map((v) => `'${v}'`).join(', ')}]`;
}

export function validateInsertHeaders(headers: Record<string, string>, protocol: string): void {
  const names = Object.keys(headers);
  if (names.length === 0) return;
  if (!HEADER_PROTOCOLS.includes(protocol)) throw invalidOption('insert-headers', `a ${protocol} protocol listener.`);
  const known: readonly string[] = [...HTTP_HEADER_INSERTS, ...SSL_HEADER_INSERTS];
  if (names.some((n) => !known.includes(n))) throw invalidOption(pyList(names), 'insert_headers');
  const ssl: readonly string[] = SSL_HEADER_INSERTS;
  const sslNames = names.filter((n) => ssl.includes(n));
  if (protocol !== 'TERMINATED_HTTPS' && sslNames.length > 0) {
    throw invalidOption(pyList(sslNames), `${protocol} protocol listener.`);
  }
}

export function validateCidrsForVip(vipAddress: string | null, cidrs: readonly string[]): void {
  if (!vipAddress) return;
  const vipV6 = isIP(vipAddress) === 6;
  for (const cidr of cidrs) {
    if ((isIP(cidr.split('/')[0] ?? '') === 6) !== vipV6) {
      throw validationFailure(`CIDR ${cidr} IP version incompatible with VIP ${vipAddress} IP version.`);
    }
  }
}

/** Builds a new listener row from a create request; checks everything Octavia checks before the insert. */
export async function prepareListener(services: ApiServices, tx: Db, input: ListenerInput, lb: LoadBalancer): Promise<NewListener> {
  const cfg = services.config;
  const protocol = input.protocol as string;
  const tlsCert = input.default_tls_container_ref ?? null;
  const sniRefs = input.sni_container_refs ?? [];
  const clientCa = input.client_ca_tls_container_ref ?? null;
  const crl = input.client_crl_container_ref ?? null;
  const hasTlsRefs = Boolean(tlsCert || clientCa || sniRefs.length > 0);
  const canTlsOffload = protocol === 'TERMINATED_HTTPS' || (protocol === 'PROMETHEUS' && hasTlsRefs);
  const headers = input.insert_headers ?? {};
  const clientAuth = input.client_authentication ?? 'NONE';

  if (Object.keys(headers).length > 0) validateInsertHeaders(headers, protocol);
  if ((protocol === 'UDP' || protocol === 'SCTP') && (hasTlsRefs || Object.keys(headers).length > 0)) {
    throw validationFailure(`${protocol} protocol listener does not support TLS.`);
  }
  const tlsLabel = protocol === 'PROMETHEUS' ? `${protocol} with TLS` : protocol;
  if (!cfg.api_settings.allow_tls_terminated_listeners && canTlsOffload) throw disabledOption('protocol', tlsLabel);
  if (!cfg.api_settings.allow_prometheus_listeners && protocol === 'PROMETHEUS') {
    throw disabledOption('protocol', 'PROMETHEUS');
  }
  if (!canTlsOffload && hasTlsRefs) {
    throw validationFailure(`Certificate container references are not allowed on ${protocol} protocol listeners.`);
  }
  if (clientCa && !(tlsCert || sniRefs.length > 0)) {
    throw validationFailure('An SNI or default certificate container reference must be provided with a client CA container reference.');
  }
  if (canTlsOffload && !(tlsCert || sniRefs.length > 0)) {
    throw validationFailure(`An SNI or default certificate container reference must be provided for ${tlsLabel} protocol listeners.`);
  }
  if (clientAuth !== 'NONE' && !clientCa) {
    throw validationFailure(`Client authentication setting ${clientAuth} requires a client CA container reference.`);
  }
  if (crl && !clientCa) {
    throw validationFailure('A client authentication CA reference is required to specify a client authentication revocation list.');
  }
  const terminated = protocol === 'TERMINATED_HTTPS';
  const tlsCiphers = input.tls_ciphers ?? (terminated ? cfg.api_settings.default_listener_ciphers : null);
  const tlsVersions = input.tls_versions ?? (terminated ? [...cfg.api_settings.default_listener_tls_versions] : null);
  const alpn = input.alpn_protocols ?? (terminated ? [...cfg.api_settings.default_listener_alpn_protocols] : null);
  checkCiphers(services, input.tls_ciphers);
  await checkTlsRefs(services, [...sniRefs, ...(tlsCert ? [tlsCert] : [])]);
  if (clientCa) await checkCaAndCrl(services, clientCa, crl);
  await checkPortFree(tx, lb.id, protocol, input.protocol_port as number);
  const cidrs = input.allowed_cidrs ?? [];
  validateCidrsForVip(lb.vip.ip_address, cidrs);
  if (canTlsOffload) {
    checkTlsVersions(services, tlsVersions);
    checkAlpnProtocols(alpn);
  }
  return {
    id: newId(),
    project_id: lb.project_id,
    name: input.name ?? null,
    description: input.description ?? null,
    protocol,
    protocol_port: input.protocol_port as number,
    connection_limit: orDefault(input.connection_limit, -1),
    load_balancer_id: lb.id,
    tls_certificate_id: tlsCert,
    default_pool_id: input.default_pool_id ?? null,
    enabled: adminState(input.admin_state_up),
    insert_headers: headers,
    timeout_client_data: orDefault(input.timeout_client_data, cfg.haproxy_amphora.timeout_client_data),
    timeout_member_connect: orDefault(input.timeout_member_connect, cfg.haproxy_amphora.timeout_member_connect),
    timeout_member_data: orDefault(input.timeout_member_data, cfg.haproxy_amphora.timeout_member_data),
    timeout_tcp_inspect: orDefault(input.timeout_tcp_inspect, cfg.haproxy_amphora.timeout_tcp_inspect),
    client_ca_tls_certificate_id: clientCa,
    client_authentication: clientAuth,
    client_crl_container_id: crl,
    tls_ciphers: tlsCiphers,
    tls_versions: tlsVersions,
    alpn_protocols: alpn,
    sni_container_refs: sniRefs,
    allowed_cidrs: cidrs,
    tags: input.tags ?? [],
  };
}

/** Another listener of the same transport (TCP-family, UDP, SCTP) on the port is a 409. */
async function checkPortFree(tx: Db, lbId: string, protocol: string, port: number): Promise<void> {
  const clash = await findListenerOnPort(tx, lbId, port, transportOf(protocol));
  if (clash) {
    throw new ApiFault(409, `Another Listener on this Load Balancer is already using protocol ${clash.protocol} and protocol_port ${port}`);
  }
}

/** Validates a PUT against the stored listener and returns the column changes (null means reset to default). */
export async function prepareListenerUpdate(
  services: ApiServices,
  input: ListenerPut,
  current: Listener,
  lb: LoadBalancer,
): Promise<Partial<NewListener>> {
  const cfg = services.config;
  const protocol = current.protocol;
  const given = (k: keyof ListenerPut) => Object.hasOwn(input, k);
  const hasTlsRefs = Boolean(
    input.default_tls_container_ref || input.client_ca_tls_container_ref || (input.sni_container_refs ?? []).length > 0,
  );
  const canTlsOffload = protocol === 'TERMINATED_HTTPS' || (protocol === 'PROMETHEUS' && hasTlsRefs);
  const headers = input.insert_headers ?? {};
  if ((protocol === 'UDP' || protocol === 'SCTP') && (hasTlsRefs || Object.keys(headers).length > 0)) {
    throw validationFailure(`${protocol} protocol listener does not support TLS or header insertion.`);
  }
  if (!canTlsOffload && hasTlsRefs) {
    throw validationFailure(`Certificate container references are not allowed on ${protocol} protocol listeners.`);
  }
  if (
    input.client_authentication &&
    input.client_authentication !== 'NONE' &&
    !(current.client_ca_tls_certificate_id || input.client_ca_tls_container_ref)
  ) {
    throw validationFailure(`Client authentication setting ${input.client_authentication} requires a client CA container reference.`);
  }
  if (Object.keys(headers).length > 0) validateInsertHeaders(headers, protocol);
  await checkTlsRefs(services, [
    ...(input.sni_container_refs ?? []),
    ...(input.default_tls_container_ref ? [input.default_tls_container_ref] : []),
  ]);
  const caRef = input.client_ca_tls_container_ref || (given('client_ca_tls_container_ref') ? null : current.client_ca_tls_certificate_id);
  const crlRef = input.client_crl_container_ref || (given('client_crl_container_ref') ? null : current.client_crl_container_id);
  if (crlRef && !caRef) {
    throw validationFailure('A client authentication CA reference is required to specify a client authentication revocation list.');
  }
  if (caRef && (input.client_ca_tls_container_ref || input.client_crl_container_ref)) await checkCaAndCrl(services, caRef, crlRef ?? null);
  if (input.allowed_cidrs && input.allowed_cidrs.length > 0) validateCidrsForVip(lb.vip.ip_address, input.allowed_cidrs);
  checkCiphers(services, input.tls_ciphers);
  if (given('tls_versions') && input.tls_versions !== null) checkTlsVersions(services, input.tls_versions);
  if (given('alpn_protocols') && input.alpn_protocols !== null) checkAlpnProtocols(input.alpn_protocols);
  if (input.default_pool_id) await checkDefaultPool(services.db, lb.id, input.default_pool_id, protocol);

  const changes: Partial<NewListener> = {};
  if (given('name')) changes.name = input.name ?? null;
  if (given('description')) changes.description = input.description ?? null;
  if (given('admin_state_up')) changes.enabled = Boolean(input.admin_state_up);
  if (given('connection_limit')) changes.connection_limit = orDefault(input.connection_limit, -1);
  if (given('default_tls_container_ref')) changes.tls_certificate_id = input.default_tls_container_ref ?? null;
  if (given('sni_container_refs')) changes.sni_container_refs = input.sni_container_refs ?? [];
  if (given('default_pool_id')) changes.default_pool_id = input.default_pool_id ?? null;
  if (given('insert_headers')) changes.insert_headers = input.insert_headers ?? {};
  const h = cfg.haproxy_amphora;
  if (given('timeout_client_data')) changes.timeout_client_data = orDefault(input.timeout_client_data, h.timeout_client_data);
  if (given('timeout_member_connect')) changes.timeout_member_connect = orDefault(input.timeout_member_connect, h.timeout_member_connect);
  if (given('timeout_member_data')) changes.timeout_member_data = orDefault(input.timeout_member_data, h.timeout_member_data);
  if (given('timeout_tcp_inspect')) changes.timeout_tcp_inspect = orDefault(input.timeout_tcp_inspect, h.timeout_tcp_inspect);
  if (given('tags')) changes.tags = input.tags ?? [];
  if (given('client_ca_tls_container_ref')) changes.client_ca_tls_certificate_id = input.client_ca_tls_container_ref ?? null;
  if (given('client_authentication')) changes.client_authentication = input.client_authentication ?? 'NONE';
  if (given('client_crl_container_ref')) changes.client_crl_container_id = input.client_crl_container_ref ?? null;
  if (given('allowed_cidrs')) changes.allowed_cidrs = input.allowed_cidrs ?? [];
  const a = cfg.api_settings;
  if (given('tls_ciphers')) changes.tls_ciphers = input.tls_ciphers ?? a.default_listener_ciphers;
  if (given('tls_versions')) changes.tls_versions = input.tls_versions ?? [...a.default_listener_tls_versions];
  if (given('alpn_protocols')) changes.alpn_protocols = input.alpn_protocols ?? [...a.default_listener_alpn_protocols];
  return changes;
}

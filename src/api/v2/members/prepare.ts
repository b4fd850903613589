// Member validation and defaults (Octavia's MemberController / db_prepare.create_member).
import { ApiFault, invalidOption, invalidSubresource } from '../../../common/faults.js';
import { newId } from '../../../common/ids.js';
import { normalizeIp } from '../../../common/ip.js';
import type { Db } from '../../../db/connection.js';
import { findMemberAt, type NewMember } from '../../../db/repositories/members.js';
import type { ApiServices } from '../../services.js';
import { adminState, orDefault } from '../common/body.js';
import type { MemberSingleCreate } from './schema.js';

/** [networking] reserved_ips (e.g. the metadata address) can never be members. */
export function checkNotReserved(services: ApiServices, address: string): void {
  const normalized = normalizeIp(address).toUpperCase();
  const reserved = services.config.networking.reserved_ips.map((ip) => normalizeIp(ip).toUpperCase());
  if (reserved.includes(normalized)) throw invalidOption(address, 'member address');
}

export async function checkSubnet(services: ApiServices, subnetId: string | null | undefined): Promise<void> {
  if (subnetId && !(await services.network.getSubnet(subnetId))) throw invalidSubresource('Subnet', subnetId);
}

export function duplicateMember(address: string, port: number): ApiFault {
  return new ApiFault(409, `Another member on this pool is already using ip ${address} on protocol_port ${port}`);
}

export function prepareMember(input: MemberSingleCreate, pool: { id: string; project_id: string | null }, monitored: boolean): NewMember {
  return {
    id: newId(),
    project_id: pool.project_id,
    pool_id: pool.id,
    subnet_id: input.subnet_id ?? null,
    ip_address: input.address as string,
    protocol_port: input.protocol_port as number,
    weight: orDefault(input.weight, 1),
    backup: Boolean(input.backup),
    monitor_address: input.monitor_address ?? null,
    monitor_port: input.monitor_port ?? null,
    operating_status: monitored ? 'OFFLINE' : 'NO_MONITOR',
    enabled: adminState(input.admin_state_up),
    name: input.name ?? null,
    tags: input.tags ?? [],
  };
}

/** Inserting checks (address, port) uniqueness first so the 409 carries Octavia's message. */
export async function assertMemberFree(tx: Db, poolId: string, address: string, port: number): Promise<void> {
  if (await findMemberAt(tx, poolId, address, port)) throw duplicateMember(address, port);
}

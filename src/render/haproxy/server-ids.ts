// Stable `id`s for the servers of a consistent-hash backend (SOURCE_IP_PORT pools).
//
// HAProxy places a server's points on the consistent-hash ring by its numeric id, and an id not given in the
// configuration is the server's position in the backend. Deleting one member would then renumber the members after
// it and move their flows as well. An id derived from the member's uuid keeps every surviving member's points where
// they were, so only the flows of a removed member move: the guarantee HAProxy documents for `hash-type consistent`
// ("when a server goes up or down, only its associations are moved"). HAProxy 2.6 computes a point's key from
// id × 4096 in 32 bits, so only ids below 2^20 give distinct points.
//
// A collision (two uuids on one id; about n²/2^21 for n members) is settled by probing upwards, members taken in uuid
// order: the lower uuid keeps the slot. Only then can a member's id change, when the member that held its slot is
// deleted.

import { createHash } from 'node:crypto';

/** ids 1 … 2^20 - 1 */
const ID_SPACE = 2 ** 20 - 1;

function naturalId(memberId: string): number {
  return (createHash('sha256').update(memberId).digest().readUInt32BE(0) % ID_SPACE) + 1;
}

/** member id → HAProxy server id, unique within the backend. */
export function stableServerIds(memberIds: readonly string[]): Map<string, number> {
  const taken = new Set<number>();
  const ids = new Map<string, number>();
  for (const memberId of [...memberIds].sort()) {
    let id = naturalId(memberId);
    while (taken.has(id)) id = (id % ID_SPACE) + 1;
    taken.add(id);
    ids.set(memberId, id);
  }
  return ids;
}

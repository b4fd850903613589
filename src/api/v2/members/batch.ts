// PUT /pools/{id}/members: make the pool's members match the list (Octavia's MembersController.put).
import { ApiFault } from '../../../common/faults.js';
import type { LoadBalancer, Member, Pool } from '../../../db/models.js';
import { listenerIdsUsingPool } from '../../../db/repositories/listeners.js';
import { insertMember, loadMembers, membersOfPool, updateMember } from '../../../db/repositories/members.js';
import type { RequestContext } from '../../auth/context.js';
import type { ApiServices } from '../../services.js';
import { checkQuota } from '../quotas/check.js';
import { callProvider, writeTransaction } from '../../transaction.js';
import { lockForChildChange, requireActiveParent } from '../common/locks.js';
import { requirePool } from '../common/lookups.js';
import { providerOf } from '../common/provider.js';
import { checkNotReserved, checkSubnet, prepareMember } from './prepare.js';
import type { MemberPost } from './schema.js';

const key = (address: string, port: number) => `${address}|${port}`;

export async function runMemberBatch(
  services: ApiServices,
  lb: LoadBalancer,
  pool: Pool,
  items: readonly MemberPost[],
  additiveOnly: boolean,
  ctx?: RequestContext,
): Promise<void> {
  const seen = new Set<string>();
  for (const m of items) {
    const k = key(m.address as string, m.protocol_port as number);
    if (seen.has(k)) {
      throw new ApiFault(409, `Another member on this pool is already using ip ${m.address} on protocol_port ${m.protocol_port}`);
    }
    seen.add(k);
  }
  const checkedSubnets = new Set<string>();
  const driver = providerOf(services, lb);
  await writeTransaction(services, async (call) => {
    // the net increase is counted after the quota lock, against the members the pool holds then
    if (ctx) {
      await checkQuota(services, call.tx, ctx, 'member', lb.project_id, async () => {
        const held = new Set((await membersOfPool(call.tx, pool.id)).map((m) => key(m.ip_address, m.protocol_port)));
        const added = items.filter((m) => !held.has(key(m.address as string, m.protocol_port as number))).length;
        const listed = new Set(items.map((m) => key(m.address as string, m.protocol_port as number)));
        const removed = additiveOnly ? 0 : [...held].filter((k) => !listed.has(k)).length;
        return added - removed;
      });
    }
    const fresh = await requirePool(call.tx, pool.id);
    requireActiveParent('Pool', fresh);
    await lockForChildChange(call.tx, lb.id, { listeners: await listenerIdsUsingPool(call.tx, pool.id), pools: [pool.id] });
    const existing = await membersOfPool(call.tx, pool.id);
    const byKey = new Map(existing.map((m) => [key(m.ip_address, m.protocol_port), m]));
    const monitored = fresh.health_monitor_id !== null;
    const created: string[] = [];
    const updated: { old: Member; id: string }[] = [];
    for (const item of items) {
      const old = byKey.get(key(item.address as string, item.protocol_port as number));
      if (!old) {
        checkNotReserved(services, item.address as string);
        if (item.subnet_id && !checkedSubnets.has(item.subnet_id)) {
          await checkSubnet(services, item.subnet_id);
          checkedSubnets.add(item.subnet_id);
        }
        const member = prepareMember(item, fresh, monitored);
        await insertMember(call.tx, member);
        created.push(member.id);
      } else {
        // an updated member takes every field of the item; omitted ones revert to their create defaults
        await updateMember(call.tx, old.id, {
          provisioning_status: 'PENDING_UPDATE',
          enabled: item.admin_state_up === undefined ? true : Boolean(item.admin_state_up),
          weight: item.weight ?? 1,
          backup: Boolean(item.backup),
          monitor_address: item.monitor_address ?? null,
          monitor_port: item.monitor_port ?? null,
          ...(item.name !== undefined ? { name: item.name } : {}),
          ...(item.tags !== undefined ? { tags: item.tags ?? [] } : {}),
        });
        updated.push({ old, id: old.id });
      }
    }
    const listed = new Set(items.map((m) => key(m.address as string, m.protocol_port as number)));
    const removed = existing.filter((m) => !listed.has(key(m.ip_address, m.protocol_port)));
    if (created.length === 0 && updated.length === 0 && removed.length === 0) {
      throw new NothingToDo();
    }
    if (!additiveOnly) {
      for (const m of removed) await updateMember(call.tx, m.id, { provisioning_status: 'PENDING_DELETE' });
    }
    const createdMembers = await loadMembers(call.tx, created);
    const updatedMembers = await loadMembers(
      call.tx,
      updated.map((u) => u.id),
    );
    await callProvider(driver.name, () =>
      driver.memberBatchUpdate(call, fresh, {
        created: createdMembers,
        updated: updated.map((u, i) => ({ old: u.old, updated: updatedMembers[i] as Member })),
        deleted: additiveOnly ? [] : removed,
      }),
    );
  }).catch((err: unknown) => {
    // an empty change set is a 202 no-op: roll back the lock we took
    if (!(err instanceof NothingToDo)) throw err;
  });
}

class NothingToDo extends Error {
  override readonly name = 'NothingToDo';
}

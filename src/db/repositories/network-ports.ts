// The loopback network driver's ports (drivers/network/loopback.ts): rows of network_port, whose unique
// (subnet_id, ip_address) index is what makes two load balancers never share a VIP. The driver gets this store at
// construction and never sees the database.
import { nowTimestamp } from '../../common/time.js';
import type { Db } from '../connection.js';
import { isUniqueViolation } from '../errors.js';
import type { NetworkPortTable } from '../schema.js';

export type NewNetworkPort = Omit<NetworkPortTable, 'created_at'>;

export function networkPortStore(db: Db) {
  return {
    list: () => db.selectFrom('network_port').selectAll().orderBy('created_at').orderBy('id').execute(),

    async get(id: string) {
      return (await db.selectFrom('network_port').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
    },

    async addresses(subnetId: string): Promise<string[]> {
      const rows = await db.selectFrom('network_port').select('ip_address').where('subnet_id', '=', subnetId).execute();
      return rows.map((r) => r.ip_address);
    },

    async countOnSubnet(subnetId: string): Promise<number> {
      const used = await db
        .selectFrom('network_port')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('subnet_id', '=', subnetId)
        .executeTakeFirstOrThrow();
      return Number(used.n);
    },

    async insert(port: NewNetworkPort): Promise<boolean> {
      try {
        await db
          .insertInto('network_port')
          .values({ ...port, created_at: nowTimestamp() })
          .execute();
        return true;
      } catch (err) {
        if (isUniqueViolation(err)) return false;
        throw err;
      }
    },

    async claim(id: string, deviceId: string, deviceOwner: string): Promise<boolean> {
      const claimed = await db
        .updateTable('network_port')
        .set({ device_id: deviceId, device_owner: deviceOwner })
        .where('id', '=', id)
        .where('device_id', 'is', null)
        .executeTakeFirst();
      return Number(claimed.numUpdatedRows) === 1;
    },

    async release(id: string): Promise<void> {
      await db.updateTable('network_port').set({ device_id: null, device_owner: null }).where('id', '=', id).execute();
    },

    async delete(id: string): Promise<void> {
      await db.deleteFrom('network_port').where('id', '=', id).execute();
    },
  };
}

// The loopback network driver over its real port store, on every database: the store's unique (subnet, address)
// decides a lost allocation race, a claim only takes a port without a device, and releasing keeps a user's port.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import { openDatabaseUrl, type DatabaseHandle } from '../../src/db/connection.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { networkPortStore } from '../../src/db/repositories/network-ports.js';
import { LOOPBACK_NETWORK_ID, LOOPBACK_SUBNET_ID, LoopbackNetworkDriver } from '../../src/drivers/network/loopback.js';
import { NetworkServiceError, type VipRequest } from '../../src/drivers/network/network-driver.js';
import { createTestDatabase, type TestDatabase, testDialects } from '../support/databases.js';

const POOL_SIZE = 65534;
const request = (lb: string, more: Partial<VipRequest> = {}): VipRequest => ({
  loadBalancerId: lb,
  projectId: 'p',
  networkId: LOOPBACK_NETWORK_ID,
  subnetId: LOOPBACK_SUBNET_ID,
  ipAddress: null,
  portId: null,
  ...more,
});

async function refusal(promise: Promise<unknown>): Promise<{ status: number; message: string }> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  assert.ok(err instanceof NetworkServiceError, `expected a NetworkServiceError, got ${String(err)}`);
  return { status: err.status, message: err.message };
}

for (const dialect of testDialects()) {
  describe(`loopback network driver over its port store [${dialect}]`, () => {
    let database: TestDatabase;
    let handle: DatabaseHandle;
    let driver: LoopbackNetworkDriver;
    before(async () => {
      database = await createTestDatabase(dialect);
      handle = openDatabaseUrl(database.url, 2);
      await migrateToLatest(handle.db as unknown as Kysely<unknown>);
      driver = new LoopbackNetworkDriver(networkPortStore(handle.db));
    });
    after(async () => {
      await handle?.close();
      await database?.drop();
    });

    it('allocates distinct addresses, refuses a taken one with 409, and counts what is left', async () => {
      const a = await driver.allocateVip(request('lb-a', { ipAddress: '127.80.7.7' }));
      assert.deepEqual(a, {
        port_id: a.port_id,
        ip_address: '127.80.7.7',
        subnet_id: LOOPBACK_SUBNET_ID,
        network_id: LOOPBACK_NETWORK_ID,
        octavia_owned: true,
      });
      assert.deepEqual(await refusal(driver.allocateVip(request('lb-b', { ipAddress: '127.80.7.7' }))), {
        status: 409,
        message: `IP address 127.80.7.7 already allocated in subnet ${LOOPBACK_SUBNET_ID}`,
      });
      const b = await driver.allocateVip(request('lb-b'));
      assert.notEqual(b.ip_address, a.ip_address);
      assert.equal(await driver.subnetAvailability(LOOPBACK_SUBNET_ID), POOL_SIZE - 2);
      assert.deepEqual((await driver.listPorts()).map((p) => p.id).sort(), [a.port_id, b.port_id].sort());
      await driver.deallocateVip(a);
      await driver.deallocateVip(b);
      assert.equal(await driver.getPort(a.port_id), null);
      assert.equal(await driver.subnetAvailability(LOOPBACK_SUBNET_ID), POOL_SIZE);
    });

    it('claims a port without a device once, and releasing it leaves the port without a device', async () => {
      // a port of the user's: allocated for one load balancer, then released, so it stays without a device
      const own = await driver.allocateVip(request('lb-user', { ipAddress: '127.80.9.9' }));
      await driver.deallocateVip({ port_id: own.port_id, octavia_owned: false });
      assert.equal((await driver.getPort(own.port_id))?.device_id, null);

      const claimed = await driver.allocateVip(request('lb-c', { portId: own.port_id }));
      assert.deepEqual(claimed, { ...own, octavia_owned: false });
      assert.equal((await driver.getPort(own.port_id))?.device_id, 'lb-lb-c');
      assert.deepEqual(await refusal(driver.allocateVip(request('lb-d', { portId: own.port_id }))), {
        status: 400,
        message: `Port ${own.port_id} is already used by device lb-lb-c`,
      });

      await driver.deallocateVip(claimed);
      const kept = await driver.getPort(own.port_id);
      assert.equal(kept?.device_id, null);
      assert.equal(kept?.device_owner, null);
      assert.deepEqual(kept?.fixed_ips, [{ subnet_id: LOOPBACK_SUBNET_ID, ip_address: '127.80.9.9' }]);
      await driver.deallocateVip(own);
      assert.equal(await driver.getPort(own.port_id), null);
    });
  });
}

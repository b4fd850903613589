// What the loopback network driver keeps: its ports. The driver builds no queries; the store it is constructed with
// (src/db/repositories/network-ports.ts, rows of network_port) does.
import type { NetworkPortTable } from '../../db/schema.js';

/** a network_port row as the driver writes it (the store stamps created_at) */
export type LoopbackPort = Omit<NetworkPortTable, 'created_at'>;

export interface LoopbackPortStore {
  /** oldest first (then by id) */
  list(): Promise<LoopbackPort[]>;
  get(id: string): Promise<LoopbackPort | null>;
  /** the addresses taken on the subnet */
  addresses(subnetId: string): Promise<string[]>;
  countOnSubnet(subnetId: string): Promise<number>;
  /** false when the port's (subnet, address) is taken: the store's uniqueness decides a race between allocations */
  insert(port: LoopbackPort): Promise<boolean>;
  /** gives a port without a device to one; false when the port has a device already (or is gone) */
  claim(id: string, deviceId: string, deviceOwner: string): Promise<boolean>;
  /** the port stays, without a device */
  release(id: string): Promise<void>;
  delete(id: string): Promise<void>;
}

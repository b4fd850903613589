// POST /1.0/plug/vip/{ip} and /1.0/plug/network. Process amphorae have no interfaces to move: the agent validates
// the request as Octavia's does and records it (<base_path>/plugged_interfaces.json), so that it can be inspected
// and so that repeated plugs of one MAC report the same interface.
import { readFile, rename, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { agentPaths } from '../../contracts/agent-api.js';
import { frameworkError, json, message } from './reply.js';
import type { Router } from './router.js';

const MAC = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i;

interface PlugRecord {
  readonly kind: 'vip' | 'network';
  readonly mac: string;
  readonly interface: string;
  readonly addresses: string[];
}

function parseJson(body: Buffer): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const isIpOrNull = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && isIP(v) !== 0);
const isCidr = (v: unknown) => typeof v === 'string' && /^[^/]+\/\d{1,3}$/.test(v) && isIP(v.split('/')[0] as string) !== 0;

export function addPlugRoutes(router: Router, basePath: string): void {
  const file = join(basePath, 'plugged_interfaces.json');
  const load = async (): Promise<PlugRecord[]> => JSON.parse(await readFile(file, 'utf8').catch(() => '[]')) as PlugRecord[];
  const save = async (records: PlugRecord[]) => {
    await writeFile(`${file}.tmp`, JSON.stringify(records, null, 1), { mode: 0o600 });
    await rename(`${file}.tmp`, file);
  };
  // requests are small and rare; one at a time keeps the record file consistent
  let queue: Promise<unknown> = Promise.resolve();
  const record = (update: (records: PlugRecord[]) => PlugRecord): Promise<PlugRecord> => {
    const job = queue.then(async () => {
      const records = await load();
      const result = update(records);
      await save(records);
      return result;
    });
    queue = job.catch(() => undefined);
    return job;
  };

  router.add('POST', agentPaths.plugVip(':vip'), async ({ params, body }) => {
    const info = parseJson(body);
    if (!info || !('subnet_cidr' in info) || !('gateway' in info) || !('mac_address' in info)) {
      return frameworkError(400, 'Invalid subnet information');
    }
    const vip = params.vip ?? '';
    if (isIP(vip) === 0) return message(400, 'Invalid VIP', `${vip} is not an IP address`);
    if (!isCidr(info.subnet_cidr) || !isIpOrNull(info.gateway) || typeof info.mac_address !== 'string' || !MAC.test(info.mac_address)) {
      return frameworkError(400, 'Invalid subnet information');
    }
    if (!isIpOrNull(info.vrrp_ip)) return message(400, 'Invalid VRRP Address', String(info.vrrp_ip));
    const extra = Array.isArray(info.additional_vips) ? info.additional_vips : [];
    const extraIps = extra.map((v) => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>).ip_address : null));
    if (extraIps.some((ip) => typeof ip !== 'string' || isIP(ip) === 0)) return message(400, 'Invalid VIP', 'additional_vips');
    const addresses = [vip, ...(extraIps as string[])];
    await record((records) => {
      const entry: PlugRecord = { kind: 'vip', mac: (info.mac_address as string).toLowerCase(), interface: 'eth1', addresses };
      const i = records.findIndex((r) => r.kind === 'vip');
      if (i >= 0) records[i] = entry;
      else records.push(entry);
      return entry;
    });
    return json(202, { message: 'OK', details: `VIPs plugged on interface eth1: ${addresses.join(', ')}` });
  });

  router.add('POST', agentPaths.plugNetwork, async ({ body }) => {
    const info = parseJson(body);
    if (!info || typeof info.mac_address !== 'string') return frameworkError(400, 'Invalid port information');
    if (!MAC.test(info.mac_address)) return message(400, 'Invalid network port', `MAC address ${info.mac_address}`);
    const fixed = Array.isArray(info.fixed_ips) ? info.fixed_ips : [];
    const ips = fixed.map((f) => (typeof f === 'object' && f !== null ? (f as Record<string, unknown>).ip_address : null));
    if (ips.some((ip) => typeof ip !== 'string' || isIP(ip) === 0)) return message(400, 'Invalid network port');
    const mac = info.mac_address.toLowerCase();
    let existed = false;
    const entry = await record((records) => {
      const i = records.findIndex((r) => r.kind === 'network' && r.mac === mac);
      existed = i >= 0;
      const name = existed ? (records[i] as PlugRecord).interface : `eth${2 + records.filter((r) => r.kind === 'network').length}`;
      const updated: PlugRecord = { kind: 'network', mac, interface: name, addresses: ips as string[] };
      if (existed) records[i] = updated;
      else records.push(updated);
      return updated;
    });
    const details = existed ? `Updated existing interface ${entry.interface}` : `Plugged on interface ${entry.interface}`;
    return json(202, { message: 'OK', details });
  });
}

// Flavor and availability-zone metadata the amphora provider understands (Octavia's amphora driver schemas).
import { type Capability, UnsupportedOptionError } from '../provider-driver.js';

export const AMPHORA_FLAVOR_CAPABILITIES: readonly Capability[] = [
  { name: 'loadbalancer_topology', description: 'The load balancer topology. One of: SINGLE - One amphora per load balancer. ACTIVE_STANDBY - Two amphora per load balancer.' },
  { name: 'compute_flavor', description: 'The compute driver flavor ID.' },
  { name: 'amp_image_tag', description: 'The amphora image tag.' },
];

export const AMPHORA_AZ_CAPABILITIES: readonly Capability[] = [
  { name: 'compute_zone', description: 'The compute availability zone.' },
  { name: 'management_network', description: 'The management network ID for the amphora.' },
  { name: 'valid_vip_networks', description: 'List of network IDs that are allowed for VIP use. This overrides/replaces the list of allowed networks configured in `octavia.conf`.' },
];

/** Unknown keys and wrong value types are refused the way Octavia's JSON-schema validation refuses them. */
export function validateMetadata(metadata: Record<string, unknown>, capabilities: readonly Capability[]): void {
  const known = capabilities.map((c) => c.name);
  for (const [key, value] of Object.entries(metadata)) {
    if (!known.includes(key)) {
      throw new UnsupportedOptionError(`validation failure: Additional properties are not allowed ('${key}' was unexpected)`);
    }
    if (key === 'loadbalancer_topology' && value !== 'SINGLE' && value !== 'ACTIVE_STANDBY') {
      throw new UnsupportedOptionError(`validation failure: '${String(value)}' is not one of ['SINGLE', 'ACTIVE_STANDBY']`);
    }
    if (key === 'valid_vip_networks' ? !Array.isArray(value) : typeof value !== 'string') {
      throw new UnsupportedOptionError(`validation failure: ${JSON.stringify(value)} is not of type '${key === 'valid_vip_networks' ? 'array' : 'string'}'`);
    }
  }
}

// Flavor and availability-zone metadata the amphora provider understands (Octavia's amphora driver schemas).
import { pyRepr } from '../../common/py-repr.js';
import { type Capability, UnsupportedOptionError } from '../provider-driver.js';

export const AMPHORA_FLAVOR_CAPABILITIES: readonly Capability[] = [
  {
    name: 'loadbalancer_topology',
    description:
      'The load balancer topology. One of: SINGLE - One amphora per load balancer. ACTIVE_STANDBY - Two amphora per load balancer.',
  },
  { name: 'compute_flavor', description: 'The compute driver flavor ID.' },
  { name: 'amp_image_tag', description: 'The amphora image tag.' },
];

export const AMPHORA_AZ_CAPABILITIES: readonly Capability[] = [
  { name: 'compute_zone', description: 'The compute availability zone.' },
  { name: 'management_network', description: 'The management network ID for the amphora.' },
  {
    name: 'valid_vip_networks',
    description:
      'List of network IDs that are allowed for VIP use. This overrides/replaces the list of allowed networks configured in ' +
      '`octavia.conf`.',
  },
];

/**
 * Octavia validates this metadata with JSON schema (additionalProperties false, typed properties) and hands the
 * jsonschema message to the user: "Additional properties are not allowed ('x' was unexpected)" for unknown keys,
 * "<key> <message>" for a bad value, schema order first.
 */
export function validateMetadata(metadata: Record<string, unknown>, capabilities: readonly Capability[]): void {
  const known = capabilities.map((c) => c.name);
  const extras = Object.keys(metadata).filter((k) => !known.includes(k));
  if (extras.length > 0) {
    const verb = extras.length === 1 ? 'was' : 'were';
    throw new UnsupportedOptionError(
      `Additional properties are not allowed (${extras.map((k) => pyRepr(k)).join(', ')} ${verb} unexpected)`,
    );
  }
  for (const key of known) {
    if (!(key in metadata)) continue;
    const value = metadata[key];
    const type = key === 'valid_vip_networks' ? 'array' : 'string';
    if (type === 'array' ? !Array.isArray(value) : typeof value !== 'string') {
      throw new UnsupportedOptionError(`${key} ${pyRepr(value)} is not of type '${type}'`);
    }
    if (key === 'loadbalancer_topology' && value !== 'SINGLE' && value !== 'ACTIVE_STANDBY') {
      throw new UnsupportedOptionError(`${key} ${pyRepr(value)} is not one of ['ACTIVE_STANDBY', 'SINGLE']`);
    }
  }
}

// compute_noop_driver: "instances" that are ACTIVE at once, with a management address from 127.79.0.0/16.
import { createHash } from 'node:crypto';
import type { AmphoraBuildRequest, ComputeDriver, ComputeInstance } from '../compute/compute-driver.js';
import type { NoopRecorder } from './recorder.js';

function managementIp(amphoraId: string): string {
  const h = createHash('sha256').update(amphoraId).digest();
  return `127.79.${h[0]}.${((h[1] ?? 0) % 254) + 1}`;
}

export class NoopComputeDriver implements ComputeDriver {
  readonly name = 'compute_noop_driver';
  private readonly instances = new Map<string, ComputeInstance>();

  constructor(private readonly recorder: NoopRecorder) {}

  async build(request: AmphoraBuildRequest): Promise<string> {
    // the amphora id doubles as the instance id (36 characters, like a Nova server id): deterministic across processes
    const computeId = request.amphoraId;
    if (!this.instances.has(computeId)) {
      this.recorder.record('compute', 'build', request.amphoraId);
      this.instances.set(computeId, {
        computeId,
        status: 'ACTIVE',
        lbNetworkIp: managementIp(request.amphoraId),
        imageId: 'noop-image',
        computeFlavor: 'noop-flavor',
        zone: 'noop-zone',
      });
    }
    return computeId;
  }

  async getInstance(computeId: string): Promise<ComputeInstance | null> {
    const known = this.instances.get(computeId);
    if (known) return known;
    // an instance built by a process that has since died (crash tests): noop instances are deterministic
    return {
      computeId,
      status: 'ACTIVE',
      lbNetworkIp: managementIp(computeId),
      imageId: 'noop-image',
      computeFlavor: 'noop-flavor',
      zone: 'noop-zone',
    };
  }

  async delete(computeId: string): Promise<void> {
    this.recorder.record('compute', 'delete', computeId);
    this.instances.delete(computeId);
  }
}

// The compute driver family (Octavia's compute/compute_base.py): where amphorae run. Implementations: noop,
// process (a local process group per amphora).

export interface AmphoraBuildRequest {
  readonly amphoraId: string;
  readonly name: string;
  readonly loadBalancerId: string | null;
  /** agent server certificate + key (PEM) and the CA that signs controller clients */
  readonly serverCertPem: string;
  readonly serverKeyPem: string;
  readonly clientCaPem: string;
  /** the agent's configuration file (amphora-agent.conf) */
  readonly agentConfig: string;
}

export type InstanceStatus = 'BUILDING' | 'ACTIVE' | 'ERROR' | 'DELETED';

export interface ComputeInstance {
  readonly computeId: string;
  readonly status: InstanceStatus;
  /** management address the controller reaches the agent on */
  readonly lbNetworkIp: string | null;
  readonly imageId: string | null;
  readonly computeFlavor: string | null;
  readonly zone: string | null;
}

export interface ComputeDriver {
  readonly name: string;
  /** starts an amphora; idempotent per amphoraId (a second call returns the existing instance's id) */
  build(request: AmphoraBuildRequest): Promise<string>;
  getInstance(computeId: string): Promise<ComputeInstance | null>;
  /** idempotent: deleting a missing instance succeeds */
  delete(computeId: string): Promise<void>;
  /**
   * Tells `listener` when an instance this process started stops on its own (not through delete). Optional: a
   * driver that cannot see it (or noop) leaves detection to the heartbeats.
   */
  onInstanceExit?(listener: (computeId: string) => void): void;
}

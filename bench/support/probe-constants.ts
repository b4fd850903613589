// Shared by the health manager probe (which runs its top level on import) and the benchmarks that read its reports.
/** sampling interval of the probe's event-loop delay histogram; reported delays are beyond it */
export const PROBE_RESOLUTION_MS = 5;

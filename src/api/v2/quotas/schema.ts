import { type Static, Type, int } from '../../validation/types.js';

const limit = () => Type.Optional(Type.Union([int(-1, 2000000000), Type.Null()]));

/** PUT /quotas/{project_id}: every key optional; null puts the limit back to the [quotas] default. */
export const QuotaPutSchema = Type.Object({
  loadbalancer: limit(),
  load_balancer: limit(),
  listener: limit(),
  member: limit(),
  pool: limit(),
  healthmonitor: limit(),
  health_monitor: limit(),
  l7policy: limit(),
  l7rule: limit(),
});
export type QuotaPut = Static<typeof QuotaPutSchema>;

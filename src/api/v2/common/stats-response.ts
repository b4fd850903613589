// GET .../stats of load balancers and listeners (StatisticsResponse), in common/stats.ts's key order.
import { Type } from '@sinclair/typebox';
import { Int } from './response.js';

export const StatsSchema = Type.Object({
  bytes_in: Int(),
  bytes_out: Int(),
  active_connections: Int(),
  total_connections: Int(),
  request_errors: Int(),
});
export const StatsResponse = Type.Object({ stats: StatsSchema });

// The amphora as Octavia renders it (AmphoraResponse) and its statistics (AmphoraStatisticsResponse).
import { type Static, Type } from '@sinclair/typebox';
import { Bool, Int, NullableInt, NullableStr, Str, Timestamp, listResponse, showResponse } from '../common/response.js';

export const AmphoraSchema = Type.Object({
  id: Str(),
  loadbalancer_id: NullableStr(),
  compute_id: NullableStr(),
  lb_network_ip: NullableStr(),
  vrrp_ip: NullableStr(),
  ha_ip: NullableStr(),
  vrrp_port_id: NullableStr(),
  ha_port_id: NullableStr(),
  cert_expiration: Timestamp(),
  cert_busy: Bool(),
  role: NullableStr(),
  status: Str(),
  vrrp_interface: NullableStr(),
  vrrp_id: NullableInt(),
  vrrp_priority: NullableInt(),
  cached_zone: NullableStr(),
  created_at: Timestamp(),
  updated_at: Timestamp(),
  image_id: NullableStr(),
  compute_flavor: NullableStr(),
});
export type AmphoraView = Static<typeof AmphoraSchema>;

export const AmphoraShowResponse = showResponse('amphora', AmphoraSchema);
export const AmphoraListResponse = listResponse('amphorae', 'amphorae_links', AmphoraSchema);
export const AmphoraStatsResponse = Type.Object({
  amphora_stats: Type.Array(
    Type.Object({
      id: Str(),
      loadbalancer_id: Str(),
      listener_id: Str(),
      active_connections: Int(),
      bytes_in: Int(),
      bytes_out: Int(),
      request_errors: Int(),
      total_connections: Int(),
    }),
  ),
});

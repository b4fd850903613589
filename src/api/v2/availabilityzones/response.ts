// The availability zone as Octavia renders it (AvailabilityZoneResponse).
import { type Static, Type } from '@sinclair/typebox';
import { Bool, Str, listResponse, objectResponse, showResponse } from '../common/response.js';

export const AvailabilityZoneSchema = Type.Object({
  name: Str(),
  description: Str(),
  enabled: Bool(),
  availability_zone_profile_id: Str(),
});
export type AvailabilityZoneView = Static<typeof AvailabilityZoneSchema>;

export const AvailabilityZoneResponse = objectResponse('availability_zone', AvailabilityZoneSchema);
export const AvailabilityZoneShowResponse = showResponse('availability_zone', AvailabilityZoneSchema);
export const AvailabilityZoneListResponse = listResponse('availability_zones', 'availability_zones_links', AvailabilityZoneSchema);

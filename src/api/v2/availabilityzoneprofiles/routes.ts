// /v2/lbaas/availabilityzoneprofiles (admin only): provider-specific zone metadata, validated by the provider driver.
import type { FastifyInstance } from 'fastify';
import type { ApiServices } from '../../services.js';
import { registerProfileRoutes } from '../flavorprofiles/profile-routes.js';

export function registerAvailabilityZoneProfileRoutes(app: FastifyInstance, services: ApiServices): void {
  registerProfileRoutes(app, services, {
    kind: 'availability_zone_profile',
    path: '/availabilityzoneprofiles',
    rbacObject: 'availability-zone-profile',
    wrapper: 'availability_zone_profile',
    collectionKey: 'availability_zone_profiles',
    linksKey: 'availability_zone_profile_links',
    arg: 'availability_zone_profile_',
    dataField: 'availability_zone_data',
    resourceName: 'Availability Zone Profile',
    validate: (driver, metadata) => driver.validateAvailabilityZone(metadata),
  });
}

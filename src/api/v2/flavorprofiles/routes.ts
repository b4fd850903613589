// /v2/lbaas/flavorprofiles (admin only): provider-specific flavor metadata, validated by the provider driver.
import type { FastifyInstance } from 'fastify';
import type { ApiServices } from '../../services.js';
import { registerProfileRoutes } from './profile-routes.js';

export function registerFlavorProfileRoutes(app: FastifyInstance, services: ApiServices): void {
  registerProfileRoutes(app, services, {
    kind: 'flavor_profile',
    path: '/flavorprofiles',
    rbacObject: 'flavor-profile',
    wrapper: 'flavorprofile',
    collectionKey: 'flavorprofiles',
    linksKey: 'flavorprofile_links',
    arg: 'flavor_profile_',
    dataField: 'flavor_data',
    resourceName: 'Flavor profile',
    validate: (driver, metadata) => driver.validateFlavor(metadata),
  });
}

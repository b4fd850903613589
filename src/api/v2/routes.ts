import type { FastifyInstance } from 'fastify';
import type { ApiServices } from '../services.js';
import { registerHealthMonitorRoutes } from './healthmonitors/routes.js';
import { registerL7PolicyRoutes } from './l7policies/routes.js';
import { registerL7RuleRoutes } from './l7rules/routes.js';
import { registerListenerRoutes } from './listeners/routes.js';
import { registerLoadBalancerRoutes } from './loadbalancers/routes.js';
import { registerMemberRoutes } from './members/routes.js';
import { registerPoolRoutes } from './pools/routes.js';
import { registerAvailabilityZoneProfileRoutes } from './availabilityzoneprofiles/routes.js';
import { registerAvailabilityZoneRoutes } from './availabilityzones/routes.js';
import { registerFlavorProfileRoutes } from './flavorprofiles/routes.js';
import { registerFlavorRoutes } from './flavors/routes.js';
import { registerProviderRoutes } from './providers/routes.js';
import { registerQuotaRoutes } from './quotas/routes.js';

/** Every /v2/lbaas collection; mounted under /v2/lbaas, /v2.0/lbaas and the legacy /v2, /v2.0 aliases. */
export function v2Routes(services: ApiServices) {
  return async (app: FastifyInstance): Promise<void> => {
    registerLoadBalancerRoutes(app, services);
    registerListenerRoutes(app, services);
    registerPoolRoutes(app, services);
    registerMemberRoutes(app, services);
    registerHealthMonitorRoutes(app, services);
    registerL7PolicyRoutes(app, services);
    registerL7RuleRoutes(app, services);
    registerQuotaRoutes(app, services);
    registerFlavorRoutes(app, services);
    registerFlavorProfileRoutes(app, services);
    registerAvailabilityZoneRoutes(app, services);
    registerAvailabilityZoneProfileRoutes(app, services);
    registerProviderRoutes(app, services);
  };
}

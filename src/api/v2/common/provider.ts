import { ApiFault } from '../../../common/faults.js';
import type { ProviderDriver } from '../../../providers/provider-driver.js';
import type { ApiServices } from '../../services.js';

/** The driver that owns a load balancer (a legacy null provider means Octavia's amphora driver). */
export function providerOf(services: ApiServices, lb: { provider: string | null }): ProviderDriver {
  return services.providers.get(lb.provider || 'octavia');
}

/** PUT or DELETE on a collection URL: Octavia's pecan routing answers 400. */
export const missingId = async (): Promise<never> => {
  throw new ApiFault(400, 'Missing argument: "id"');
};

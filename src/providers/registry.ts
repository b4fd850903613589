// Which provider drivers exist in this build and which the configuration enables (enabled_provider_drivers).
import { providerNotEnabled, providerNotFound } from '../common/faults.js';
import type { ProviderDriver } from './provider-driver.js';

export class ProviderRegistry {
  private readonly drivers = new Map<string, ProviderDriver>();

  constructor(private readonly enabled: Readonly<Record<string, string>>) {}

  register(name: string, driver: ProviderDriver): void {
    this.drivers.set(name, driver);
  }

  /** The driver for a provider name, or Octavia's 400 (not enabled) / 501 (not installed). */
  get(name: string): ProviderDriver {
    // the name is the client's (body or path): "constructor" is a provider nobody enabled, not Object's property
    if (!Object.hasOwn(this.enabled, name)) throw providerNotEnabled(name);
    const driver = this.drivers.get(name);
    if (!driver) throw providerNotFound(name);
    return driver;
  }

  /** Enabled providers in configuration order, with their descriptions (GET /v2/lbaas/providers). */
  list(): { name: string; description: string }[] {
    return Object.entries(this.enabled).map(([name, description]) => ({ name, description }));
  }
}

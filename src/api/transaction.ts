// The API's write path: one transaction holds the status test-and-set, the rows and the provider call; work the
// provider wants to run once the write is visible is run after commit. Driver errors become Octavia's faults.
import { ApiFault, idAlreadyExists, providerDriverError, providerNotImplemented, providerUnsupportedOption } from '../common/faults.js';
import type { Db } from '../db/connection.js';
import { isRetryableConflict, isUniqueViolation } from '../db/errors.js';
import { type ProviderCall, ProviderDriverError, UnsupportedOptionError } from '../providers/provider-driver.js';
import type { ApiServices } from './services.js';

const MAX_ATTEMPTS = 3;

export async function writeTransaction<T>(services: ApiServices, work: (call: ProviderCall) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const hooks: (() => void | Promise<void>)[] = [];
    try {
      const result = await services.db.transaction().execute((tx: Db) => work({ tx, afterCommit: (fn) => hooks.push(fn) }));
      for (const hook of hooks) {
        try {
          await hook();
        } catch (err) {
          services.log.error({ err }, 'after-commit hook failed');
        }
      }
      return result;
    } catch (err) {
      if (isRetryableConflict(err) && attempt < MAX_ATTEMPTS) continue;
      if (isRetryableConflict(err)) throw new ApiFault(503, 'Project busy.  Unable to lock the project.  Please try again.');
      if (isUniqueViolation(err)) throw idAlreadyExists();
      throw err;
    }
  }
}

/** Runs a provider driver method, translating its errors as Octavia's driver_utils.call_provider does. */
export async function callProvider<T>(provider: string, fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof UnsupportedOptionError) {
      throw err.kind === 'option'
        ? providerUnsupportedOption(provider, err.userMessage)
        : providerNotImplemented(provider, err.userMessage);
    }
    if (err instanceof ProviderDriverError) throw providerDriverError(provider, err.userMessage);
    throw err;
  }
}

// Runs one suite against every database of the test matrix (testDialects()).
import { after, before, describe } from 'node:test';
import type { Dialect } from '../../src/db/url.js';
import { type Overrides, startApi, type TestApi } from './api-harness.js';
import { testDialects } from './databases.js';

/**
 * describe(`${name} [dialect]`) for each dialect; `body` receives a getter for the suite's API (started once per
 * dialect in before(), closed in after()).
 */
export function describeEachDatabase(name: string, body: (api: () => TestApi, dialect: Dialect) => void, overrides: Overrides = {}): void {
  for (const dialect of testDialects()) {
    describe(`${name} [${dialect}]`, () => {
      let api: TestApi | undefined;
      before(async () => {
        api = await startApi(dialect, overrides);
      });
      after(async () => {
        await api?.close();
      });
      body(() => {
        if (!api) throw new Error('API not started');
        return api;
      }, dialect);
    });
  }
}

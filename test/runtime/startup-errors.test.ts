// Configuration a process cannot start with ends as a StartupError (the CLI prints its message and exits 2), told
// apart by its type, not by its text.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { pino } from 'pino';
import { loadConfig } from '../../src/config/load.js';
import { createRuntime, StartupError } from '../../src/runtime/services.js';

describe('startup errors', () => {
  const dir = mkdtempSync(join(tmpdir(), 'octavia-startup-errors-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const log = pino({ level: 'silent' });

  it('is a StartupError when [keystone_authtoken] lacks auth_url or the service credentials', async () => {
    const policyFile = join(dir, 'policy.yaml');
    writeFileSync(policyFile, '{}\n');
    const base = { DEFAULT: { state_path: dir }, api_settings: { auth_strategy: 'keystone' }, oslo_policy: { policy_file: policyFile } };
    const noUrl = loadConfig({
      files: [],
      overrides: { ...base, keystone_authtoken: { username: 'u', password: 'p', project_name: 'x' } },
    });
    await assert.rejects(createRuntime(noUrl, log), (err: unknown) => {
      assert.ok(err instanceof StartupError, `not a StartupError: ${String(err)}`);
      assert.equal(err.name, 'StartupError');
      assert.equal(err.message, '[keystone_authtoken] auth_url is required with auth_strategy = keystone');
      return true;
    });
    const noUser = loadConfig({ files: [], overrides: { ...base, keystone_authtoken: { auth_url: 'http://127.0.0.1:1/v3' } } });
    await assert.rejects(
      createRuntime(noUser, log),
      (err: unknown) => err instanceof StartupError && /username, password/.test(err.message),
    );
  });
});

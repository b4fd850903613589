// Runs the real `openstack` CLI (python3-openstackclient + python3-octaviaclient) against an octavia-ts endpoint,
// either with no Keystone (--os-auth-type none plus --os-endpoint pointing straight at the service) or logged in to a
// Keystone with a password (the endpoint then comes from Keystone's service catalog, as in a cloud).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';

const OPENSTACK = process.env.OPENSTACK_CLI ?? 'openstack';
const COMMAND_TIMEOUT_MS = 60_000;

export interface CliResult {
  /** the exit code, or null when the command was killed (timeout) */
  code: number | null;
  stdout: string;
  stderr: string;
  /** the command line, for messages */
  line: string;
}

/** The inherited environment minus OS_* so a developer's clouds.yaml/openrc cannot point the CLI elsewhere. */
function cliEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('OS_')) env[key] = value;
  return env;
}

export interface OpenstackCli {
  /** runs `openstack loadbalancer <args...>`; never throws on a non-zero exit */
  run(...args: string[]): Promise<CliResult>;
  /** runs it, asserts exit 0, returns stdout */
  ok(...args: string[]): Promise<string>;
  /** runs it with `-f json`, asserts exit 0, parses stdout */
  json(...args: string[]): Promise<any>;
  /** runs it, asserts a non-zero exit, returns stderr */
  fails(...args: string[]): Promise<string>;
}

export function describeFailure(result: CliResult): string {
  const how = result.code === null ? `was killed after ${COMMAND_TIMEOUT_MS} ms` : `exited ${result.code}`;
  return `\`${result.line}\` ${how}\n--- stdout ---\n${result.stdout}\n--- stderr ---\n${result.stderr}`;
}

/** A Keystone v3 password login scoped to a project; users and projects in the Default domain. */
export interface KeystoneCredentials {
  /** Keystone's root URL, without /v3 */
  authUrl: string;
  username: string;
  password: string;
  projectName: string;
}

export function openstackCli(endpoint: string, serviceLog: () => string = () => ''): OpenstackCli {
  return cliWith(['--os-auth-type', 'none', '--os-endpoint', endpoint], serviceLog);
}

/** The CLI as `credentials` would run it: token from Keystone, endpoints from its catalog. */
export function openstackCliAs(credentials: KeystoneCredentials, serviceLog: () => string = () => ''): OpenstackCli {
  return cliWith(
    [
      '--os-auth-type',
      'password',
      '--os-identity-api-version',
      '3',
      '--os-auth-url',
      `${credentials.authUrl}/v3`,
      '--os-username',
      credentials.username,
      '--os-password',
      credentials.password,
      '--os-project-name',
      credentials.projectName,
      '--os-user-domain-name',
      'Default',
      '--os-project-domain-name',
      'Default',
      '--os-interface',
      'public',
    ],
    serviceLog,
  );
}

function cliWith(globalArgs: readonly string[], serviceLog: () => string): OpenstackCli {
  const base = [...globalArgs, 'loadbalancer'];
  const run = (...args: string[]) =>
    new Promise<CliResult>((resolve) => {
      const argv = [...base, ...args];
      const line = `openstack ${argv.map((a, i) => (argv[i - 1] === '--os-password' ? '***' : a)).join(' ')}`;
      execFile(
        OPENSTACK,
        argv,
        { env: cliEnv(), timeout: COMMAND_TIMEOUT_MS, killSignal: 'SIGKILL', maxBuffer: 8 << 20 },
        (error, stdout, stderr) => {
          const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
          resolve({ code, stdout, stderr: error && typeof error.code !== 'number' ? `${stderr}\n${error.message}` : stderr, line });
        },
      );
    });
  const ok = async (...args: string[]) => {
    const result = await run(...args);
    assert.equal(result.code, 0, `${describeFailure(result)}\n--- service log tail ---\n${serviceLog()}`);
    return result.stdout;
  };
  const json = async (...args: string[]) => {
    const stdout = await ok(...args, '-f', 'json');
    try {
      return JSON.parse(stdout);
    } catch {
      assert.fail(`\`openstack loadbalancer ${args.join(' ')} -f json\` printed no JSON:\n${stdout}`);
    }
  };
  const fails = async (...args: string[]) => {
    const result = await run(...args);
    assert.notEqual(result.code, 0, `expected a failure, got success: ${describeFailure(result)}`);
    assert.notEqual(result.code, null, describeFailure(result));
    return result.stderr;
  };
  return { run, ok, json, fails };
}

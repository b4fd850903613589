// Runs the real `openstack` CLI (python3-openstackclient + python3-octaviaclient) against an octavia-ts endpoint
// with no Keystone: --os-auth-type none plus --os-endpoint pointing straight at the service.
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

export function openstackCli(endpoint: string, serviceLog: () => string = () => ''): OpenstackCli {
  const base = ['--os-auth-type', 'none', '--os-endpoint', endpoint, 'loadbalancer'];
  const run = (...args: string[]) =>
    new Promise<CliResult>((resolve) => {
      const argv = [...base, ...args];
      const line = `openstack ${argv.join(' ')}`;
      execFile(OPENSTACK, argv, { env: cliEnv(), timeout: COMMAND_TIMEOUT_MS, killSignal: 'SIGKILL', maxBuffer: 8 << 20 }, (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
        resolve({ code, stdout, stderr: error && typeof error.code !== 'number' ? `${stderr}\n${error.message}` : stderr, line });
      });
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

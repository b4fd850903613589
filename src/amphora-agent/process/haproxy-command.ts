// Runs the haproxy executable for short jobs: configuration checks and the version banner.
import { execFile } from 'node:child_process';

export interface CommandResult {
  readonly ok: boolean;
  readonly output: string;
}

function run(cmd: string, args: string[], cwd: string | undefined, timeoutMs: number): Promise<CommandResult> {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd, timeout: timeoutMs, maxBuffer: 4 * 1024 * 1024 }, (err, stdout, stderr) => {
      const output = `${stdout}${stderr}`;
      resolve({ ok: !err, output: err && output === '' ? String(err.message) : output });
    });
  });
}

/** `haproxy -c -f <file>` in the load balancer's directory (relative paths in the config resolve there). */
export function checkHaproxyConfig(haproxyCmd: string, configPath: string, cwd: string): Promise<CommandResult> {
  return run(haproxyCmd, ['-c', '-f', configPath], cwd, 60_000);
}

/** "2.6.12-1+deb12u4" from "HAProxy version 2.6.12-1+deb12u4 2026/10/17 - https://haproxy.org/", or null. */
export function parseHaproxyVersion(banner: string): string | null {
  return /version\s+(\S+)/i.exec(banner)?.[1] ?? null;
}

export async function haproxyVersion(haproxyCmd: string): Promise<string | null> {
  const result = await run(haproxyCmd, ['-v'], undefined, 10_000);
  return result.ok ? parseHaproxyVersion(result.output) : null;
}

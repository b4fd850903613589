// The `global` and `defaults` sections. Differences from Octavia 11, all because the agent runs HAProxy itself:
// no `daemon` (master-worker mode, `-W`, and the pid file via `-p`); the stats socket lives in the load balancer's
// directory at admin level with `expose-fd listeners`, so a reload can take over the listening sockets; no `log`
// lines, as there is no syslog socket on these machines (HAProxy then reports problems on its stderr, which the
// agent collects); `user`/`group` only when a group is configured (dropping to `nobody` needs root).

import { SERVER_STATE_FILE, STATS_SOCKET_FILE } from '../../contracts/haproxy-files.js';
import { guardName } from './guard.js';
import { lbFile, type RenderSettings } from './settings.js';

export interface GlobalInput {
  maxconn: number;
  /** some backend runs PING checks */
  externalCheck: boolean;
}

export function renderGlobal(input: GlobalInput, settings: RenderSettings): string[] {
  const lines: string[] = [];
  if (settings.userGroup !== null) {
    lines.push('user nobody', `group ${guardName(settings.userGroup, 'user group')}`);
  }
  lines.push(
    // a relative socket path needs the explicit unix@ prefix (HAProxy would read it as host:port otherwise)
    `stats socket ${settings.lbDir === null ? `unix@${STATS_SOCKET_FILE}` : lbFile(settings, STATS_SOCKET_FILE)} mode 600 level ` +
      `admin expose-fd listeners`,
    `server-state-file ${lbFile(settings, SERVER_STATE_FILE)}`,
    `maxconn ${input.maxconn}`,
  );
  // HAProxy ≥ 2.2 refuses to fork the external check without insecure-fork-wanted.
  if (input.externalCheck) lines.push('external-check', 'insecure-fork-wanted');
  return ['global', ...lines.map((line) => `    ${line}`)];
}

export function renderDefaults(): string[] {
  return [
    'defaults',
    '    no log',
    '    retries 3',
    '    option redispatch',
    '    option splice-request',
    '    option splice-response',
    '    option http-keep-alive',
  ];
}

// One `frontend <listener_id>` section per listener (Octavia 11 directive order), plus the allowed_cidrs filter
// that Octavia implements with security-group rules and we enforce in HAProxy (no Neutron in front of us).

import type { GraphListener } from '../../contracts/load-balancer-graph.js';
import { renderL7Policies } from './acl.js';
import type { ProxyMode } from './backend.js';
import { guardAddress, guardCidr, guardCount, guardName, guardPort } from './guard.js';
import { orDefault, type RenderSettings } from './settings.js';

export const ALLOWED_CIDRS_ACL = 'allowed-cidrs';

export interface FrontendInput {
  listener: GraphListener;
  mode: ProxyMode;
  /** primary VIP first, then the additional VIPs */
  vips: string[];
  maxconn: number;
  /** listener administratively down: the frontend is kept (stats show it stopped) but binds nothing */
  disabled: boolean;
  /** backend name of the enabled default pool, if any */
  defaultBackend: string | null;
  backendOf: (poolId: string) => string | null;
}

export function renderFrontend(input: FrontendInput, settings: RenderSettings): string[] {
  const { listener } = input;
  const id = guardName(listener.id, 'listener id');
  const port = guardPort(listener.protocol_port, `listener ${id} protocol_port`);
  const body: string[] = [`maxconn ${input.maxconn}`];
  // IPv6 VIPs are written bare (`::1:443`): HAProxy takes the port after the last colon, as in Octavia.
  for (const vip of input.vips) body.push(`bind ${guardAddress(vip, 'VIP address')}:${port}`);
  body.push(`mode ${input.mode}`);
  if (input.disabled) body.push('disabled');
  if (listener.allowed_cidrs.length > 0) {
    const cidrs = listener.allowed_cidrs.map((cidr) => guardCidr(cidr, `listener ${id} allowed_cidrs entry`));
    body.push(`acl ${ALLOWED_CIDRS_ACL} src ${cidrs.join(' ')}`, `tcp-request connection reject unless ${ALLOWED_CIDRS_ACL}`);
  }
  // L7 policies need HTTP parsing; on a TCP-mode frontend they are left out (render.ts notes it).
  if (input.mode === 'http') body.push(...renderL7Policies(listener.l7policies, input.backendOf));
  if (input.defaultBackend !== null) body.push(`default_backend ${input.defaultBackend}`);
  body.push(`timeout client ${guardCount(orDefault(listener.timeout_client_data, settings.timeoutClientData), 'timeout_client_data')}`);
  const inspect = guardCount(orDefault(listener.timeout_tcp_inspect, settings.timeoutTcpInspect), 'timeout_tcp_inspect');
  if (inspect > 0) body.push(`tcp-request inspect-delay ${inspect}`);
  return [`frontend ${id}`, ...body.map((line) => `    ${line}`)];
}

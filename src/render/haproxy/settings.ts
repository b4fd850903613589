// What every section renderer needs besides the graph object it renders: the checked paths and the
// [haproxy_amphora] defaults, resolved once by render.ts.

/** Octavia's [haproxy_amphora] defaults (milliseconds, connections). */
export const OCTAVIA_DEFAULTS = {
  connectionLimit: 50000,
  timeoutClientData: 50000,
  timeoutMemberConnect: 5000,
  timeoutMemberData: 50000,
  timeoutTcpInspect: 0,
  /** [haproxy_amphora] haproxy_stick_size */
  stickSize: '10k',
} as const;

export interface RenderSettings {
  lbId: string;
  /** checked absolute directory without a trailing slash; null: paths relative to HAProxy's working directory */
  lbDir: string | null;
  connectionLimit: number;
  /** group to run as (with `user nobody`); null: no privilege drop (needed when not started as root) */
  userGroup: string | null;
  /** milliseconds, used when the listener's value is 0 */
  timeoutClientData: number;
  timeoutMemberConnect: number;
  timeoutMemberData: number;
  timeoutTcpInspect: number;
}

/** Octavia treats a listener timeout of 0 (or unset) as "use the configured default". */
export function orDefault(value: number | null | undefined, fallback: number): number {
  return value ? value : fallback;
}

/** Where a file of the load balancer's directory is, as the configuration names it. */
export function lbFile(settings: Pick<RenderSettings, 'lbDir'>, name: string): string {
  return settings.lbDir === null ? name : `${settings.lbDir}/${name}`;
}

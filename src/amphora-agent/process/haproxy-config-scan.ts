// What the agent needs to know from a haproxy.cfg it did not write: frontends (listener ids and their type) and
// the stats socket. Mirrors Octavia's util.parse_haproxy_file.

export interface ScannedFrontend {
  readonly name: string;
  /** HTTP, TCP, or TERMINATED_HTTPS when a bind line carries "ssl crt" */
  readonly type: string;
}

export interface ScannedConfig {
  readonly frontends: readonly ScannedFrontend[];
  /** the path of the first `stats socket` (without the unix@ prefix), or null */
  readonly statsSocket: string | null;
}

const SECTION = /^(global|defaults|frontend|backend|listen|peers|resolvers|userlist|program|ring|cache|http-errors|mailers)\b\s*(\S*)/;

export function scanHaproxyConfig(text: string): ScannedConfig {
  const frontends: ScannedFrontend[] = [];
  let statsSocket: string | null = null;
  let current: { name: string; mode: string | null; tls: boolean } | null = null;
  let defaultMode = 'http';
  let inDefaults = false;
  const close = () => {
    if (current)
      frontends.push({ name: current.name, type: current.tls ? 'TERMINATED_HTTPS' : (current.mode ?? defaultMode).toUpperCase() });
    current = null;
  };
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*$/, '').trim();
    if (line === '') continue;
    const section = SECTION.exec(line);
    if (section && !/^\s/.test(raw)) {
      close();
      inDefaults = section[1] === 'defaults';
      if (section[1] === 'frontend') current = { name: section[2] ?? '', mode: null, tls: false };
      continue;
    }
    const words = line.split(/\s+/);
    if (words[0] === 'stats' && words[1] === 'socket' && statsSocket === null && words[2]) {
      statsSocket = words[2].replace(/^unix@/, '');
    } else if (words[0] === 'mode' && words[1]) {
      if (current) current.mode = words[1];
      else if (inDefaults) defaultMode = words[1];
    } else if (current && words[0] === 'bind' && /\sssl\s.*\bcrt\b|\scrt\s.*\bssl\b/.test(` ${line} `)) {
      current.tls = true;
    }
  }
  close();
  return { frontends, statsSocket };
}

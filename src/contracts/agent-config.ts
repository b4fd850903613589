// The amphora agent's configuration file (Octavia's amphora-agent.conf, INI). Two parties write parts of it: the
// controller renders the amphora's identity and heartbeat settings (and pushes updates with PUT /1.0/config), the
// compute driver adds the host-side part (bind address, state directory, certificate paths). The agent reads
// several files in order, later files overriding earlier ones key by key.
//
// Section and key names are Octavia's: [amphora_agent] amphora_id, agent_server_cert, agent_server_ca,
// agent_request_read_timeout, agent_tls_protocol; [haproxy_amphora] bind_host, bind_port, base_path, haproxy_cmd;
// [health_manager] controller_ip_port_list, heartbeat_interval, heartbeat_key; [controller_worker]
// loadbalancer_topology. bind_host, bind_port, base_path and haproxy_cmd are also accepted under [amphora_agent].
import { isIP } from 'node:net';
import { isUuid } from '../common/ids.js';
import { IniParseError, type IniSections, type IniValue, parseOsloIni } from '../common/oslo-ini.js';

export type AgentTopology = 'SINGLE' | 'ACTIVE_STANDBY';

export interface AgentHeartbeatConfig {
  /** "ip:port" strings; IPv6 as "[addr]:port" or "addr:port" (split at the last colon, as Octavia does) */
  readonly controllerIpPortList: readonly string[];
  readonly intervalSeconds: number;
  readonly key: string | null;
}

export interface AgentConfig {
  readonly amphoraId: string;
  readonly bindHost: string;
  readonly bindPort: number;
  /** state directory: per load balancer `<basePath>/lb/<lb_id>/`, certificates `<basePath>/certs/<lb_id>/` */
  readonly basePath: string;
  /** PEM file with the agent's server certificate followed by its key */
  readonly serverCertPath: string;
  /** PEM file with the CA that must have signed controller client certificates */
  readonly serverCaPath: string;
  readonly haproxyCmd: string;
  readonly requestReadTimeoutSeconds: number;
  readonly tlsProtocol: 'TLSv1.2' | 'TLSv1.3';
  readonly topology: AgentTopology;
  readonly heartbeat: AgentHeartbeatConfig;
}

/** Any subset of the options, as one party renders them. */
export type AgentConfigFragment = Partial<Omit<AgentConfig, 'heartbeat'>> & { heartbeat?: Partial<AgentHeartbeatConfig> };

export class AgentConfigError extends Error {
  override readonly name = 'AgentConfigError';
}

export const AGENT_CONFIG_DEFAULTS = {
  bindHost: '::',
  bindPort: 9443,
  basePath: '/var/lib/octavia',
  serverCertPath: '/etc/octavia/certs/server.pem',
  serverCaPath: '/etc/octavia/certs/client_ca.pem',
  haproxyCmd: 'haproxy',
  requestReadTimeoutSeconds: 180,
  tlsProtocol: 'TLSv1.2',
  topology: 'SINGLE',
  heartbeatIntervalSeconds: 10,
} as const;

type Key = readonly [section: string, key: string];
const KEYS = {
  amphoraId: ['amphora_agent', 'amphora_id'],
  serverCertPath: ['amphora_agent', 'agent_server_cert'],
  serverCaPath: ['amphora_agent', 'agent_server_ca'],
  requestReadTimeoutSeconds: ['amphora_agent', 'agent_request_read_timeout'],
  tlsProtocol: ['amphora_agent', 'agent_tls_protocol'],
  bindHost: ['haproxy_amphora', 'bind_host'],
  bindPort: ['haproxy_amphora', 'bind_port'],
  basePath: ['haproxy_amphora', 'base_path'],
  haproxyCmd: ['haproxy_amphora', 'haproxy_cmd'],
  topology: ['controller_worker', 'loadbalancer_topology'],
  controllerIpPortList: ['health_manager', 'controller_ip_port_list'],
  heartbeatInterval: ['health_manager', 'heartbeat_interval'],
  heartbeatKey: ['health_manager', 'heartbeat_key'],
} as const satisfies Record<string, Key>;
const ALIASED_TO_AGENT_SECTION = new Set(['bind_host', 'bind_port', 'base_path', 'haproxy_cmd']);

// ---- value validation (shared by parse and render, so neither side can produce what the other rejects) ----

const CONTROL = /[\u0000-\u001f\u007f]/;
const HAPROXY_CMD = /^[A-Za-z0-9_.+/-]+$/;

function text(name: string, value: string): string {
  if (CONTROL.test(value)) throw new AgentConfigError(`${name} contains a control character (newline injection?)`);
  if (value !== value.trim()) throw new AgentConfigError(`${name} has leading or trailing white space`);
  return value;
}

function absolutePath(name: string, value: string): string {
  text(name, value);
  if (!value.startsWith('/')) throw new AgentConfigError(`${name} must be an absolute path: ${value}`);
  if (value.split('/').some((part) => part === '..' || part === '.')) {
    throw new AgentConfigError(`${name} must not contain . or .. segments: ${value}`);
  }
  return value;
}

function integer(name: string, value: string | number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = typeof value === 'number' ? value : /^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  if (!Number.isInteger(n) || n < min || n > max) throw new AgentConfigError(`${name} must be an integer in [${min}, ${max}]: ${value}`);
  return n;
}

/** Splits "ip:port" (or "[ipv6]:port") the way Octavia's heartbeat sender does: at the last colon. */
export function parseIpPort(value: string): { host: string; port: number } {
  const at = value.lastIndexOf(':');
  if (at <= 0) throw new AgentConfigError(`controller_ip_port_list entry is not ip:port: ${value}`);
  let host = value.slice(0, at);
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  if (isIP(host) === 0) throw new AgentConfigError(`controller_ip_port_list entry has no IP address: ${value}`);
  return { host, port: integer('controller_ip_port_list port', value.slice(at + 1), 1, 65535) };
}

const validate = {
  amphoraId(v: string): string {
    if (!isUuid(text('amphora_id', v))) throw new AgentConfigError(`amphora_id must be a UUID: ${v}`);
    return v;
  },
  bindHost(v: string): string {
    if (isIP(text('bind_host', v)) === 0) throw new AgentConfigError(`bind_host must be an IP address: ${v}`);
    return v;
  },
  haproxyCmd(v: string): string {
    if (!HAPROXY_CMD.test(text('haproxy_cmd', v))) throw new AgentConfigError(`haproxy_cmd has unexpected characters: ${v}`);
    if (v.includes('/')) absolutePath('haproxy_cmd', v);
    return v;
  },
  tlsProtocol(v: string): 'TLSv1.2' | 'TLSv1.3' {
    if (v !== 'TLSv1.2' && v !== 'TLSv1.3') throw new AgentConfigError(`agent_tls_protocol must be TLSv1.2 or TLSv1.3: ${v}`);
    return v;
  },
  topology(v: string): AgentTopology {
    if (v !== 'SINGLE' && v !== 'ACTIVE_STANDBY')
      throw new AgentConfigError(`loadbalancer_topology must be SINGLE or ACTIVE_STANDBY: ${v}`);
    return v;
  },
  ipPortList(values: readonly string[]): string[] {
    return values.map((v) => {
      text('controller_ip_port_list', v);
      if (v.includes(',')) throw new AgentConfigError(`controller_ip_port_list entry contains a comma: ${v}`);
      parseIpPort(v);
      return v;
    });
  },
  heartbeatKey(v: string): string {
    return text('heartbeat_key', v);
  },
};

// ---- INI reading (oslo.config's dialect, shared with octavia.conf) ----

type Sections = Map<string, Map<string, string>>;

/** The last value of every option of one file, as oslo.config reads single-valued options. */
export function parseIni(source: string, origin = 'agent config'): Sections {
  let parsed: IniSections;
  try {
    parsed = parseOsloIni(source, origin);
  } catch (err) {
    if (err instanceof IniParseError) throw new AgentConfigError(err.message);
    throw err;
  }
  const sections: Sections = new Map();
  for (const [name, options] of parsed) {
    const values = new Map<string, string>();
    for (const [key, given] of options) {
      const last = given[given.length - 1] as IniValue;
      if (CONTROL.test(last.value)) throw new AgentConfigError(`${origin}, line ${last.line}: control character in value of ${key}`);
      values.set(key, last.value);
    }
    sections.set(name, values);
  }
  return sections;
}

function merge(files: readonly Sections[]): Sections {
  const merged: Sections = new Map();
  for (const file of files) {
    for (const [name, values] of file) {
      const target = merged.get(name) ?? new Map<string, string>();
      for (const [k, v] of values) target.set(k, v);
      merged.set(name, target);
    }
  }
  return merged;
}

/** Parses and validates the agent's configuration from the texts of its files (later files win). */
export function parseAgentConfig(texts: readonly string[]): AgentConfig {
  const merged = merge(texts.map((t, i) => parseIni(t, `config file ${i + 1}`)));
  const get = ([section, key]: Key): string | undefined => {
    const value = merged.get(section)?.get(key);
    if (value !== undefined || !ALIASED_TO_AGENT_SECTION.has(key)) return value;
    return merged.get('amphora_agent')?.get(key);
  };
  const amphoraId = get(KEYS.amphoraId);
  if (amphoraId === undefined) throw new AgentConfigError('[amphora_agent] amphora_id is required');
  const optional = <T>(key: Key, fallback: T, check: (v: string) => T): T => {
    const value = get(key);
    return value === undefined ? fallback : check(value);
  };
  const list = get(KEYS.controllerIpPortList);
  const key = get(KEYS.heartbeatKey);
  const d = AGENT_CONFIG_DEFAULTS;
  return {
    amphoraId: validate.amphoraId(amphoraId),
    bindHost: optional(KEYS.bindHost, d.bindHost, validate.bindHost),
    bindPort: optional(KEYS.bindPort, d.bindPort, (v) => integer('bind_port', v, 1, 65535)),
    basePath: optional(KEYS.basePath, d.basePath, (v) => absolutePath('base_path', v)),
    serverCertPath: optional(KEYS.serverCertPath, d.serverCertPath, (v) => absolutePath('agent_server_cert', v)),
    serverCaPath: optional(KEYS.serverCaPath, d.serverCaPath, (v) => absolutePath('agent_server_ca', v)),
    haproxyCmd: optional(KEYS.haproxyCmd, d.haproxyCmd, validate.haproxyCmd),
    requestReadTimeoutSeconds: optional(KEYS.requestReadTimeoutSeconds, d.requestReadTimeoutSeconds, (v) =>
      integer('agent_request_read_timeout', v, 1),
    ),
    tlsProtocol: optional(KEYS.tlsProtocol, d.tlsProtocol, validate.tlsProtocol),
    topology: optional(KEYS.topology, d.topology, validate.topology),
    heartbeat: {
      controllerIpPortList:
        list === undefined
          ? []
          : validate.ipPortList(
              list
                .split(',')
                .map((s) => s.trim())
                .filter(Boolean),
            ),
      intervalSeconds: optional(KEYS.heartbeatInterval, d.heartbeatIntervalSeconds, (v) => integer('heartbeat_interval', v, 1)),
      key: key === undefined || key === '' ? null : validate.heartbeatKey(key),
    },
  };
}

// ---- rendering ----

/** Renders the given options as an agent config file (only the sections that have a value). Throws on bad values. */
export function renderAgentConfig(fragment: AgentConfigFragment): string {
  const values: [Key, string][] = [];
  const put = <T>(key: Key, value: T | undefined, check: (v: T) => unknown, show: (v: T) => string = String) => {
    if (value === undefined) return;
    check(value);
    values.push([key, show(value)]);
  };
  const f = fragment;
  put(KEYS.amphoraId, f.amphoraId, validate.amphoraId);
  put(KEYS.serverCertPath, f.serverCertPath, (v) => absolutePath('agent_server_cert', v));
  put(KEYS.serverCaPath, f.serverCaPath, (v) => absolutePath('agent_server_ca', v));
  put(KEYS.requestReadTimeoutSeconds, f.requestReadTimeoutSeconds, (v) => integer('agent_request_read_timeout', v, 1));
  put(KEYS.tlsProtocol, f.tlsProtocol, validate.tlsProtocol);
  put(KEYS.bindHost, f.bindHost, validate.bindHost);
  put(KEYS.bindPort, f.bindPort, (v) => integer('bind_port', v, 1, 65535));
  put(KEYS.basePath, f.basePath, (v) => absolutePath('base_path', v));
  put(KEYS.haproxyCmd, f.haproxyCmd, validate.haproxyCmd);
  put(KEYS.topology, f.topology, validate.topology);
  const hb = f.heartbeat ?? {};
  put(KEYS.controllerIpPortList, hb.controllerIpPortList, validate.ipPortList, (v) => v.join(', '));
  put(KEYS.heartbeatInterval, hb.intervalSeconds, (v) => integer('heartbeat_interval', v, 1));
  put(KEYS.heartbeatKey, hb.key === null ? undefined : hb.key, validate.heartbeatKey);
  const order = ['amphora_agent', 'haproxy_amphora', 'health_manager', 'controller_worker'];
  const lines: string[] = [];
  for (const section of order) {
    const inSection = values.filter(([[s]]) => s === section);
    if (inSection.length === 0) continue;
    if (lines.length > 0) lines.push('');
    lines.push(`[${section}]`, ...inSection.map(([[, key], value]) => `${key} = ${value}`));
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

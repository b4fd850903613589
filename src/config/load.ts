// Reads octavia.conf (INI, oslo section/option names), applies OCTAVIA__<SECTION>__<OPTION> environment overrides and
// validates every value into one typed object. A bad value is an error naming the option; an option nobody reads
// is reported in meta.unknown (and logged by the caller), never silently ignored.
import { existsSync, readFileSync } from 'node:fs';
import { parse as parseIni } from 'ini';
import type { OctaviaConfig } from './config.js';
import { OptionValueError, type OptionSpec } from './option-types.js';
import { OPTION_SCHEMA } from './options.js';

export class ConfigError extends Error {}

export const DEFAULT_CONFIG_FILE = './etc/octavia.conf';
const ENV_PREFIX = 'OCTAVIA__';

export interface LoadOptions {
  /** Files given with --config-file, in order; later files override earlier ones. Unset: ./etc/octavia.conf if present. */
  files?: readonly string[];
  env?: NodeJS.ProcessEnv;
  /** Overrides applied last, as raw strings (tests use this instead of files). */
  overrides?: Record<string, Record<string, string | number | boolean>>;
}

type RawConfig = Map<string, Map<string, { value: string; source: string }>>;

export function loadConfig(opts: LoadOptions = {}): OctaviaConfig {
  const env = opts.env ?? process.env;
  const files = opts.files ?? (existsSync(DEFAULT_CONFIG_FILE) ? [DEFAULT_CONFIG_FILE] : []);
  const raw: RawConfig = new Map();
  for (const file of files) readIniFile(file, raw);
  readEnv(env, raw);
  for (const [section, options] of Object.entries(opts.overrides ?? {})) {
    for (const [name, value] of Object.entries(options)) setRaw(raw, section, name, String(value), 'override');
  }
  return validate(raw, files);
}

function readIniFile(file: string, raw: RawConfig): void {
  if (!existsSync(file)) throw new ConfigError(`Config file ${file} does not exist`);
  let parsed: Record<string, unknown>;
  try {
    parsed = parseIni(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError(`Config file ${file} is not valid INI: ${(err as Error).message}`);
  }
  for (const [key, value] of Object.entries(parsed)) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [name, v] of Object.entries(value as Record<string, unknown>)) {
        setRaw(raw, key, name, iniValue(v), file);
      }
    } else {
      setRaw(raw, 'DEFAULT', key, iniValue(value), file);
    }
  }
}

/** The ini package turns true/false/null into JS values; options parse strings, so turn them back. */
function iniValue(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.join(',');
  return String(v);
}

function readEnv(env: NodeJS.ProcessEnv, raw: RawConfig): void {
  for (const [key, value] of Object.entries(env)) {
    if (!key.startsWith(ENV_PREFIX) || value === undefined) continue;
    const parts = key.slice(ENV_PREFIX.length).split('__');
    if (parts.length !== 2 || !parts[0] || !parts[1]) {
      throw new ConfigError(`Environment variable ${key} must be named ${ENV_PREFIX}<SECTION>__<OPTION>`);
    }
    const section = parts[0].toUpperCase() === 'DEFAULT' ? 'DEFAULT' : parts[0].toLowerCase();
    setRaw(raw, section, parts[1].toLowerCase(), value, `environment ${key}`);
  }
}

function setRaw(raw: RawConfig, section: string, name: string, value: string, source: string): void {
  let options = raw.get(section);
  if (!options) raw.set(section, (options = new Map()));
  options.set(name, { value, source });
}

function validate(raw: RawConfig, files: readonly string[]): OctaviaConfig {
  const unknown: string[] = [];
  const out: Record<string, Record<string, unknown>> = {};
  const schema = OPTION_SCHEMA as unknown as Record<string, Record<string, OptionSpec<unknown>>>;
  for (const [section, options] of Object.entries(schema)) {
    const values: Record<string, unknown> = {};
    for (const [name, spec] of Object.entries(options)) {
      const given = raw.get(section)?.get(name);
      if (!given) {
        values[name] = spec.default;
        continue;
      }
      try {
        values[name] = spec.parse(given.value);
      } catch (err) {
        if (!(err instanceof OptionValueError)) throw err;
        throw new ConfigError(
          `Invalid value for option [${section}] ${name} (from ${given.source}): ${err.message}`,
        );
      }
    }
    out[section] = values;
  }
  for (const [section, options] of raw) {
    for (const [name, { source }] of options) {
      if (!schema[section]?.[name]) unknown.push(`[${section}] ${name} (from ${source})`);
    }
  }
  return { ...(out as unknown as Omit<OctaviaConfig, 'meta'>), meta: { files, unknown } };
}

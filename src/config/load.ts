// Reads octavia.conf (INI, oslo section/option names), applies OCTAVIA__<SECTION>__<OPTION> environment overrides and
// validates every value into one typed object. A bad value is an error naming the option; an option nobody reads
// is reported in meta.unknown (and logged by the caller), never silently ignored.
import { existsSync, readFileSync } from 'node:fs';
import { IniParseError, type IniValue, parseOsloIni, substitute } from '../common/oslo-ini.js';
import type { OctaviaConfig } from './config.js';
import { OptionValueError, type OptionSpec } from './option-types.js';
import { OPTION_SCHEMA } from './options.js';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export const DEFAULT_CONFIG_FILE = './etc/octavia.conf';
const ENV_PREFIX = 'OCTAVIA__';

export interface LoadOptions {
  /** Files given with --config-file, in order; later files override earlier ones. Unset: ./etc/octavia.conf if present. */
  files?: readonly string[];
  env?: NodeJS.ProcessEnv;
  /** Overrides applied last, as raw strings (tests use this instead of files). */
  overrides?: Record<string, Record<string, string | number | boolean>>;
}

/** section → option → the value that applies (the last one given) and where it came from */
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
  let parsed;
  try {
    parsed = parseOsloIni(readFileSync(file, 'utf8'), `config file ${file}`);
  } catch (err) {
    if (err instanceof IniParseError)
      throw new ConfigError(`Config file ${file} is malformed at line ${err.line}: ${err.reason}: ${JSON.stringify(err.text)}`);
    throw new ConfigError(`Config file ${file} could not be read: ${(err as Error).message}`);
  }
  for (const [section, options] of parsed) {
    for (const [name, values] of options) {
      // a single-valued option given more than once takes the last value, as oslo.config does
      const last = values[values.length - 1] as IniValue;
      setRaw(raw, section, name, last.value, `${file} line ${last.line}`);
    }
  }
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

const schema = OPTION_SCHEMA as unknown as Record<string, Record<string, OptionSpec<unknown>>>;

/**
 * The value of [section] name with oslo's "$option" references resolved: a given value, else a string default
 * (which may hold references itself), else undefined (references to it stay as written).
 */
function resolver(raw: RawConfig): (section: string, name: string) => string | undefined {
  const done = new Map<string, string | undefined>();
  const active = new Set<string>();
  const resolve = (section: string, name: string): string | undefined => {
    const id = `${section}\0${name}`;
    if (done.has(id)) return done.get(id);
    if (active.has(id)) throw new ConfigError(`Option [${section}] ${name} refers to itself through "$" references`);
    const given = raw.get(section)?.get(name)?.value;
    const fallback =
      Object.hasOwn(schema, section) && Object.hasOwn(schema[section] as object, name) ? schema[section]?.[name]?.default : undefined;
    const text = given ?? (typeof fallback === 'string' ? fallback : undefined);
    active.add(id);
    const value = text === undefined ? undefined : substitute(text, section, resolve);
    active.delete(id);
    done.set(id, value);
    return value;
  };
  return resolve;
}

function validate(raw: RawConfig, files: readonly string[]): OctaviaConfig {
  const unknown: string[] = [];
  const out: Record<string, Record<string, unknown>> = {};
  const resolve = resolver(raw);
  for (const [section, options] of Object.entries(schema)) {
    const values: Record<string, unknown> = {};
    for (const [name, spec] of Object.entries(options)) {
      const given = raw.get(section)?.get(name);
      if (!given) {
        values[name] = typeof spec.default === 'string' ? spec.parse(resolve(section, name) as string) : spec.default;
        continue;
      }
      try {
        values[name] = spec.parse(resolve(section, name) as string);
      } catch (err) {
        if (!(err instanceof OptionValueError)) throw err;
        throw new ConfigError(`Invalid value for option [${section}] ${name} (from ${given.source}): ${err.message}`);
      }
    }
    out[section] = values;
  }
  for (const [section, options] of raw) {
    for (const [name, { source }] of options) {
      if (!Object.hasOwn(schema, section) || !Object.hasOwn(schema[section] as object, name))
        unknown.push(`[${section}] ${name} (from ${source})`);
    }
  }
  return { ...(out as unknown as Omit<OctaviaConfig, 'meta'>), meta: { files, unknown } };
}

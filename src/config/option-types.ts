// Typed option declarations in the spirit of oslo.config: each option knows how to parse its string form.

export interface OptionSpec<T> {
  readonly kind: string;
  readonly default: T;
  readonly help: string;
  parse(raw: string): T;
}

export class OptionValueError extends Error {
  override readonly name = 'OptionValueError';
}

function option<T>(kind: string, def: T, help: string, parse: (raw: string) => T): OptionSpec<T> {
  return { kind, default: def, help, parse };
}

export function str(def: string, help: string, choices?: readonly string[]): OptionSpec<string> {
  return option('string', def, help, (raw) => {
    if (choices && !choices.includes(raw)) {
      throw new OptionValueError(`'${raw}' is not one of ${choices.join(', ')}`);
    }
    return raw;
  });
}

export function optionalStr(help: string): OptionSpec<string | null> {
  return option<string | null>('string', null, help, (raw) => (raw === '' ? null : raw));
}

export function int(def: number, help: string, bounds: { min?: number; max?: number } = {}): OptionSpec<number> {
  return option('integer', def, help, (raw) => parseInteger(raw, bounds));
}

export function optionalInt(help: string, bounds: { min?: number; max?: number } = {}): OptionSpec<number | null> {
  return option<number | null>('integer', null, help, (raw) => (raw === '' ? null : parseInteger(raw, bounds)));
}

export function float(def: number, help: string): OptionSpec<number> {
  return option('float', def, help, (raw) => {
    const value = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(value)) throw new OptionValueError(`'${raw}' is not a number`);
    return value;
  });
}

/** A float that may be unset (null: the reader derives a default from other options); `above` is exclusive. */
export function optionalFloat(help: string, bounds: { above?: number } = {}): OptionSpec<number | null> {
  return option<number | null>('float', null, help, (raw) => {
    if (raw.trim() === '') return null;
    const value = Number(raw);
    if (!Number.isFinite(value)) throw new OptionValueError(`'${raw}' is not a number`);
    if (bounds.above !== undefined && value <= bounds.above) throw new OptionValueError(`${value} is not greater than ${bounds.above}`);
    return value;
  });
}

export function port(def: number, help: string): OptionSpec<number> {
  return option('port', def, help, (raw) => parseInteger(raw, { min: 0, max: 65535 }));
}

export function bool(def: boolean, help: string): OptionSpec<boolean> {
  return option('boolean', def, help, (raw) => {
    const v = raw.trim().toLowerCase();
    if (['true', '1', 'yes', 'on'].includes(v)) return true;
    if (['false', '0', 'no', 'off'].includes(v)) return false;
    throw new OptionValueError(`'${raw}' is not a boolean`);
  });
}

export function list(def: string[], help: string): OptionSpec<string[]> {
  return option('list', def, help, (raw) =>
    raw
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
  );
}

/** oslo DictOpt: "key1:value1,key2:value2"; a value may itself contain ':' after the first one. */
export function dict(def: Record<string, string>, help: string): OptionSpec<Record<string, string>> {
  return option('dict', def, help, (raw) => {
    const out: Record<string, string> = {};
    for (const part of raw
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '')) {
      const at = part.indexOf(':');
      if (at <= 0) throw new OptionValueError(`'${part}' is not a key:value pair`);
      out[part.slice(0, at).trim()] = part.slice(at + 1).trim();
    }
    return out;
  });
}

function parseInteger(raw: string, { min, max }: { min?: number; max?: number }): number {
  if (!/^\s*-?\d+\s*$/.test(raw)) throw new OptionValueError(`'${raw}' is not an integer`);
  const value = Number.parseInt(raw, 10);
  if (min !== undefined && value < min) throw new OptionValueError(`${value} is less than the minimum ${min}`);
  if (max !== undefined && value > max) throw new OptionValueError(`${value} is greater than the maximum ${max}`);
  return value;
}
